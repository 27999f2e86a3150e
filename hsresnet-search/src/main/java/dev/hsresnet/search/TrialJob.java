package dev.hsresnet.search;

import java.io.Serializable;

/**
 * One proxy trial, self-contained so that it can run in another JVM (a Spark task): the spec file
 * it trains (written before), its run directory and its recipe as JSON.
 *
 * @param label the candidate's label
 * @param specFile the candidate's spec file (absolute)
 * @param runDir the trial's run directory (absolute); an interrupted trial resumes from it
 * @param recipeJson the training recipe, its model the spec file
 */
public record TrialJob(String label, String specFile, String runDir, String recipeJson)
        implements Serializable {

    private static final long serialVersionUID = 1L;
}
