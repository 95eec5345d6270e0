"""Engine-agnostic lifecycle of a LakeSail Flink application.

Plain Python values in, plain values out: nothing here imports Pulumi, so the native plugin
and the dynamic provider share one implementation and cannot drift apart.
"""
