package org.tenantnat.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the field paths that errors name, e.g. {@code tenants[acme].prefixes[1]}; the codecs and the validator
 * name fields alike.
 * <p>
 * A list item is named by its name when that name is well formed and unique in the list, so the
 * operator sees {@code tenants[acme]}; otherwise by its index, {@code tenants[3]}, which is never ambiguous.
 */
public final class FieldPath {

    /** The path of the document (or of a single item decoded alone) itself. */
    public static final String DOCUMENT = "(document)";

    private FieldPath() {
    }

    /**
     * Returns the path of a field of an object.
     *
     * @param parent path of the object, empty for the root
     * @param field  field name
     * @return path
     */
    public static String child(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    /**
     * Returns the path of an element of a list or of an entry of a map.
     *
     * @param parent path of the list or map
     * @param key    index, name or key
     * @return path
     */
    public static String element(String parent, Object key) {
        return parent + "[" + key + "]";
    }

    /**
     * Returns the path to report for an object itself.
     *
     * @param path path of the object, empty for the root
     * @return path, never empty
     */
    public static String self(String path) {
        return path.isEmpty() ? DOCUMENT : path;
    }

    /**
     * Returns the paths of the items of a list, by name where that is unambiguous.
     *
     * @param list  path of the list, e.g. {@code tenants}
     * @param names item names in list order; null where an item has none
     * @return one path per item
     */
    public static List<String> items(String list, List<String> names) {
        Map<String, Integer> counts = new HashMap<>();
        names.forEach(n -> counts.merge(String.valueOf(n), 1, Integer::sum));
        List<String> paths = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            boolean byName = ConfigValidator.isValidName(name)
                    && counts.get(name) == 1;
            paths.add(element(list, byName ? name : Integer.toString(i)));
        }
        return paths;
    }
}
