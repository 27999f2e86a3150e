/**
 * Apache Spark jobs on the project's predictors: batch inference and feature extraction for
 * every task ({@link dev.hsresnet.spark.SparkPredict}) and distributed evaluation, with the
 * model directory shipped once and loaded once per executor JVM ({@link
 * dev.hsresnet.spark.ExecutorModels}). See docs/spark.md.
 */
package dev.hsresnet.spark;
