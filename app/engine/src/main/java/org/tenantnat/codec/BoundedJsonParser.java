package org.tenantnat.codec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

import java.io.IOException;

/**
 * Reads JSON text as its parser does, but refuses two things no document of ours holds and that cost the host far
 * more than their size: nesting deeper than {@value #MAX_DEPTH} levels (a tree is built by recursion, so a body of
 * a million brackets overflows the thread's stack) and numbers longer than {@value #MAX_NUMBER_LENGTH} characters
 * (converting a long integer takes time quadratic in its digits). Jackson bounds both itself only from 2.15; ONOS
 * 2.7 runs 2.11.
 */
final class BoundedJsonParser extends JsonParserDelegate {

    /** Deepest nesting accepted; a desired state nests four levels. */
    static final int MAX_DEPTH = 100;
    /** Longest number accepted, in characters; the largest number of a desired state has five digits. */
    static final int MAX_NUMBER_LENGTH = 100;

    private int depth;

    BoundedJsonParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        return checked(super.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
        return checked(super.nextValue());
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        JsonToken start = currentToken();
        super.skipChildren();
        if (start == JsonToken.START_OBJECT || start == JsonToken.START_ARRAY) {
            depth--;
        }
        return this;
    }

    private JsonToken checked(JsonToken token) throws IOException {
        if (token == null) {
            return null;
        }
        switch (token) {
            case START_OBJECT:
            case START_ARRAY:
                if (++depth > MAX_DEPTH) {
                    throw new JsonParseException(this, "nested deeper than " + MAX_DEPTH + " levels");
                }
                break;
            case END_OBJECT:
            case END_ARRAY:
                depth--;
                break;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                if (getTextLength() > MAX_NUMBER_LENGTH) {
                    throw new JsonParseException(this, "a number of " + getTextLength()
                            + " characters (at most " + MAX_NUMBER_LENGTH + ")");
                }
                break;
            default:
                break;
        }
        return token;
    }
}
