// Manage Apache Flink applications on the LakeSail platform.
package lakesail
