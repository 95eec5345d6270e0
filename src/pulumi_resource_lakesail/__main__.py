"""``python -m pulumi_resource_lakesail <engine address>``: the plugin, as the launchers run it."""

from pulumi_resource_lakesail import main

main()
