@journey @platform-health @critical @owner:platform-team
Feature: The platform reports its health and where its services are
  Monitoring, the web app and the assistant's tools trust what the platform says about itself:
  an empty health report, or a directory that points at another machine, misleads them all.

  Rule: the health reports have real content

    @read-only
    Example: both services report that they are healthy
      When Omar checks the health of the platform
      Then the auth service reports that it is healthy
      And the backend reports that it is healthy
      And the backend's health report shows each of its checks healthy

  Rule: the platform's address book points at the platform under test

    @read-only
    Example: the platform's address book gives the addresses being tested
      When Omar reads the platform's address book
      Then the address book lists the backend, the chat and the auth service
      And every address in the address book is one being tested

  Rule: the assistant's tools are published

    @read-only
    Example: the tool providers and their configuration are published
      When Omar reads the list of tool providers and the tool configuration
      Then at least one tool provider is listed with the tools it offers
      And the tool configuration describes at least one client
