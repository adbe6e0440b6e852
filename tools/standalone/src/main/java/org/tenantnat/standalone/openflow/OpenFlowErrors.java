package org.tenantnat.standalone.openflow;

import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadActionErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadInstructionErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadMatchErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadRequestErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFFlowModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFSwitchConfigFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFTableFeaturesFailedErrorMsg;

/**
 * Text for OpenFlow errors and for the messages they refer to, as an operator reads them in a log or an intent's
 * failure reason.
 */
final class OpenFlowErrors {

    private OpenFlowErrors() {
    }

    /**
     * Returns an error's type and code, e.g. {@code BAD_INSTRUCTION/BAD_TABLE_ID}.
     *
     * @param error error message
     * @return text
     */
    static String describe(OFErrorMsg error) {
        return error.getErrType() + "/" + code(error);
    }

    private static Object code(OFErrorMsg error) {
        if (error instanceof OFBadRequestErrorMsg) {
            return ((OFBadRequestErrorMsg) error).getCode();
        } else if (error instanceof OFBadActionErrorMsg) {
            return ((OFBadActionErrorMsg) error).getCode();
        } else if (error instanceof OFBadInstructionErrorMsg) {
            return ((OFBadInstructionErrorMsg) error).getCode();
        } else if (error instanceof OFBadMatchErrorMsg) {
            return ((OFBadMatchErrorMsg) error).getCode();
        } else if (error instanceof OFFlowModFailedErrorMsg) {
            return ((OFFlowModFailedErrorMsg) error).getCode();
        } else if (error instanceof OFHelloFailedErrorMsg) {
            return ((OFHelloFailedErrorMsg) error).getCode();
        } else if (error instanceof OFSwitchConfigFailedErrorMsg) {
            return ((OFSwitchConfigFailedErrorMsg) error).getCode();
        } else if (error instanceof OFTableFeaturesFailedErrorMsg) {
            return ((OFTableFeaturesFailedErrorMsg) error).getCode();
        }
        return "code";
    }

    /**
     * Returns a one-line summary of a message we sent, e.g. {@code ADD table=2 priority=40000 cookie=0x...}.
     *
     * @param message message
     * @return text
     */
    static String summary(OFMessage message) {
        if (message instanceof OFFlowMod) {
            OFFlowMod mod = (OFFlowMod) message;
            return String.format("%s table=%d priority=%d cookie=0x%x match=%s instructions=%s",
                                 mod.getCommand(), mod.getTableId().getValue(), mod.getPriority(),
                                 mod.getCookie().getValue(), mod.getMatch(), mod.getInstructions());
        }
        return message.getType().toString();
    }
}
