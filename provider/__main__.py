"""Entry point of the source-plugin route (PulumiPlugin.yaml): the plugin lives in the package."""

from pulumi_resource_lakesail import main

main()
