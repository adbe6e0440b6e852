package org.tenantnat.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Consumer;

/**
 * One change to a desired-state document, addressed by JSON pointer ({@code ~1} stands for {@code /}).
 */
public final class Edit {

    private final String text;
    private final Consumer<ObjectNode> change;

    private Edit(String text, Consumer<ObjectNode> change) {
        this.text = text;
        this.change = change;
    }

    /** Sets a field or array element to a JSON value; {@code -} as last segment appends. */
    public static Edit set(String pointer, String json) {
        return new Edit(pointer + " = " + json, doc -> {
            JsonPointer at = JsonPointer.compile(pointer);
            JsonNode parent = doc.at(at.head());
            JsonNode value = Documents.json("{\"v\": " + json + "}").get("v");
            String last = at.last().getMatchingProperty();
            if (parent.isArray()) {
                ArrayNode array = (ArrayNode) parent;
                if ("-".equals(last)) {
                    array.add(value);
                } else {
                    array.set(Integer.parseInt(last), value);
                }
            } else {
                ((ObjectNode) requireContainer(parent, pointer)).set(last, value);
            }
        });
    }

    /** Appends a JSON value to an array. */
    public static Edit append(String arrayPointer, String json) {
        return set(arrayPointer + "/-", json);
    }

    /** Removes a field. */
    public static Edit remove(String pointer) {
        return new Edit("remove " + pointer, doc -> {
            JsonPointer at = JsonPointer.compile(pointer);
            ((ObjectNode) requireContainer(doc.at(at.head()), pointer)).remove(at.last().getMatchingProperty());
        });
    }

    /** Applies several edits in order. */
    public static Edit all(Edit... edits) {
        StringBuilder text = new StringBuilder();
        for (Edit e : edits) {
            text.append(text.length() == 0 ? "" : "; ").append(e.text);
        }
        return new Edit(text.toString(), doc -> {
            for (Edit e : edits) {
                e.change.accept(doc);
            }
        });
    }

    /** Returns an edited copy of a document. */
    public ObjectNode applyTo(ObjectNode document) {
        ObjectNode copy = document.deepCopy();
        change.accept(copy);
        return copy;
    }

    private static JsonNode requireContainer(JsonNode node, String pointer) {
        if (!node.isContainerNode()) {
            throw new IllegalArgumentException("nothing to edit at " + pointer);
        }
        return node;
    }

    @Override
    public String toString() {
        return text;
    }
}
