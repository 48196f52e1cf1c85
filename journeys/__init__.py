"""The journey suite's library: everything the steps call."""
