@journey @platform-health @high
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

  Rule: the service directory points at the platform under test

    @read-only
    Example: the service directory gives the addresses being tested
      When Omar reads the service directory
      Then the directory lists the backend, the chat and the auth service
      And every address in the directory is one this run is testing

  Rule: the assistant's tools are published

    @read-only
    Example: the tool servers and their configuration are published
      When Omar reads the list of tool servers and the tool configuration
      Then at least one tool server is listed with the tools it offers
      And the tool configuration describes at least one client
