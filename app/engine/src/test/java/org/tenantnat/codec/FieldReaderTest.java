package org.tenantnat.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.config.Documents;
import org.tenantnat.config.InvalidConfigException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A codec finds its fields in whatever order an object writes them, and by name rather than by the identity of the
 * String that spells it: a tree built by another application holds names that are not interned.
 */
class FieldReaderTest {

    private static final LocalCodecContext CONTEXT = LocalCodecContext.withTenantNatCodecs();
    private static final DesiredStateCodec CODEC = new DesiredStateCodec();

    // The same object with its fields in reverse order, every nested object too, and names that are new Strings.
    private static ObjectNode reversed(ObjectNode object) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        it.forEachRemaining(fields::add);
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (int i = fields.size() - 1; i >= 0; i--) {
            JsonNode value = fields.get(i).getValue();
            copy.set(new String(fields.get(i).getKey().toCharArray()), value.isObject() ? reversed((ObjectNode) value)
                    : value.isArray() ? reversedItems(value) : value);
        }
        return copy;
    }

    private static JsonNode reversedItems(JsonNode array) {
        ArrayNode copy = JsonNodeFactory.instance.arrayNode();
        array.forEach(item -> copy.add(item.isObject() ? reversed((ObjectNode) item) : item));
        return copy;
    }

    @Test
    void fieldsInReverseOrderDecodeAsInTheirOwnOrder() {
        ObjectNode document = Documents.tree(Documents.THREE_TENANTS);

        DesiredState expected = CODEC.decode(document, CONTEXT);

        assertEquals(expected, CODEC.decode(reversed(document), CONTEXT));
        assertEquals(expected, CODEC.decode(JsonDocument.objectReader(reversed(document).toString()), CONTEXT));
    }

    @Test
    void namesThatAreNotInternedAreFoundAndUnknownOnesStillRefused() {
        ObjectNode document = reversed(Documents.tree(Documents.THREE_TENANTS));
        ((ObjectNode) document.get("tenants").get(0)).put(new String("vlanId".toCharArray()), 100);

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> CODEC.decode(document, CONTEXT));

        assertEquals(1, e.errors().size(), e.getMessage());
        assertEquals("tenants[acme].vlanId", e.errors().get(0).field());
    }
}
