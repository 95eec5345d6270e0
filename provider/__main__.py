"""Entry point of the source-plugin route (PulumiPlugin.yaml): the plugin lives in the package."""

from pulumi_lakesail.plugin.server import main

main()
