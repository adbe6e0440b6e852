package org.tenantnat.codec;

/**
 * The fields an object of one codec may have, in the order the codec reads them and an error lists them. A
 * {@link FieldReader} finds each field of an object among them once, so that the codec's reads that follow need
 * no search; the names are the interned constants of {@link org.tenantnat.config.FieldNames}, as the field names
 * Jackson reads are interned, so finding one is mostly a comparison of two references.
 */
final class KnownFields {

    /** What {@link #indexOf} returns for a name that is none of these. */
    static final int NONE = -1;

    private final String[] names;
    private final String listed;

    private KnownFields(String... names) {
        this.names = names.clone();
        this.listed = String.join(", ", names);
    }

    /**
     * Lists the fields.
     *
     * @param names field names in the order the codec reads them
     * @return the fields
     */
    static KnownFields of(String... names) {
        return new KnownFields(names);
    }

    /**
     * Returns how many fields there are.
     *
     * @return count
     */
    int size() {
        return names.length;
    }

    /**
     * Finds a field, trying one position first: the one after the field found last, since objects mostly write
     * their fields in the codec's order.
     *
     * @param name  field name
     * @param first position to try first
     * @return its position, or {@link #NONE}
     */
    int indexOf(String name, int first) {
        if (first < names.length && names[first] == name) {
            return first;
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return NONE;
    }

    /**
     * Lists the fields for an operator, e.g. {@code service, vip}.
     *
     * @return the names separated by commas
     */
    @Override
    public String toString() {
        return listed;
    }
}
