package io.github.proxysessions.local.ops;

import java.util.List;

/**
 * What {@code status} found when it compared a recorded resource's declared properties with what the service holds,
 * in CloudFormation's words (as {@code cdk drift} and {@code DescribeStackResourceDrifts} say them). Every value in
 * it is safe to print: phone numbers are masked to their last four digits.
 *
 * @param status      the resource's drift status
 * @param differences for {@link Status#MODIFIED}, each property that differs; otherwise empty
 * @param comparedId  the id of what the service holds that was compared, when it is not the recorded physical id (a
 *                    proxy session's renewed generation); otherwise null
 * @param note        a line for people: why a resource was not checked, or how a check could not be made; or null
 */
public record Drift(Status status, List<Difference> differences, String comparedId, String note) {

    /** CloudFormation's {@code StackResourceDriftStatus}. */
    public enum Status {
        /** The service holds what the template declares. */
        IN_SYNC,
        /** The service holds the resource, but some declared property differs. */
        MODIFIED,
        /** The service no longer holds the resource. */
        DELETED,
        /** The runner has no way to compare this type: a type with no local meaning, or another provider's. */
        NOT_CHECKED,
        /** The comparison could not be made: the service did not answer. */
        UNKNOWN
    }

    /** CloudFormation's {@code DifferenceType}. */
    public enum DifferenceType {
        /** The service holds a value the template does not declare. */
        ADD,
        /** The template declares a value the service does not hold. */
        REMOVE,
        /** Both hold a value, and they differ. */
        NOT_EQUAL
    }

    /**
     * One property that differs.
     *
     * @param property the property's name as the template declares it ({@code Tags.KEY} for one tag)
     * @param expected the declared value, or null for {@link DifferenceType#ADD}
     * @param actual   the service's value, or null for {@link DifferenceType#REMOVE}
     * @param detail   more for people (when an expired session ended), or null
     */
    public record Difference(String property, String expected, String actual, DifferenceType type, String detail) {

        /** A difference whose type follows from which of the two values is there. */
        public static Difference of(String property, String expected, String actual) {
            DifferenceType type = expected == null ? DifferenceType.ADD
                    : actual == null ? DifferenceType.REMOVE : DifferenceType.NOT_EQUAL;
            return new Difference(property, expected, actual, type, null);
        }

        Difference withDetail(String more) {
            return new Difference(property, expected, actual, type, more);
        }
    }

    public Drift {
        differences = List.copyOf(differences);
    }

    static Drift inSyncOrModified(List<Difference> differences, String comparedId) {
        return new Drift(differences.isEmpty() ? Status.IN_SYNC : Status.MODIFIED, differences, comparedId, null);
    }

    static Drift deleted(String note) {
        return new Drift(Status.DELETED, List.of(), null, note);
    }

    static Drift notChecked(String note) {
        return new Drift(Status.NOT_CHECKED, List.of(), null, note);
    }

    static Drift unknown(String note) {
        return new Drift(Status.UNKNOWN, List.of(), null, note);
    }

    /** True when {@code status --fail} fails for it: the declaration is not what the service holds, or unverified. */
    public boolean fails() {
        return status == Status.MODIFIED || status == Status.DELETED || status == Status.UNKNOWN;
    }
}
