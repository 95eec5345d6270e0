"""The native provider plugin ``pulumi-resource-lakesail`` on ``pulumi.provider.experimental``."""
