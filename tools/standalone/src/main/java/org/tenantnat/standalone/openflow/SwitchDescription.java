package org.tenantnat.standalone.openflow;

import com.google.common.base.MoreObjects;
import org.onosproject.net.DeviceId;

import java.util.Objects;

/**
 * What a switch said about itself in its handshake: datapath id (FEATURES_REPLY), manufacturer, hardware and
 * software (DESC stats) and whether it has packet-rate meters (METER_FEATURES stats). Open vSwitch reports
 * manufacturer "Nicira, Inc." and hardware "Open vSwitch".
 */
public final class SwitchDescription {

    private final long datapathId;
    private final String manufacturer;
    private final String hardware;
    private final String software;
    private final String serialNumber;
    private final String datapathDescription;
    private final int tables;
    private final boolean packetMeters;

    /**
     * Creates a description.
     *
     * @param datapathId          datapath id
     * @param manufacturer        manufacturer description
     * @param hardware            hardware description
     * @param software            software description
     * @param serialNumber        serial number
     * @param datapathDescription human readable datapath description
     * @param tables              number of flow tables
     * @param packetMeters        whether it has meters that drop above a packet rate (METER_FEATURES)
     */
    public SwitchDescription(long datapathId, String manufacturer, String hardware, String software,
                             String serialNumber, String datapathDescription, int tables, boolean packetMeters) {
        this.datapathId = datapathId;
        this.manufacturer = Objects.requireNonNull(manufacturer, "manufacturer");
        this.hardware = Objects.requireNonNull(hardware, "hardware");
        this.software = Objects.requireNonNull(software, "software");
        this.serialNumber = Objects.requireNonNull(serialNumber, "serialNumber");
        this.datapathDescription = Objects.requireNonNull(datapathDescription, "datapathDescription");
        this.tables = tables;
        this.packetMeters = packetMeters;
    }

    /**
     * Returns the ONOS device id of a datapath id.
     *
     * @param datapathId datapath id
     * @return {@code of:} followed by 16 lower-case hex digits
     */
    public static DeviceId deviceId(long datapathId) {
        return DeviceId.deviceId(String.format("of:%016x", datapathId));
    }

    /**
     * Returns the switch's ONOS device id.
     *
     * @return device id
     */
    public DeviceId deviceId() {
        return deviceId(datapathId);
    }

    /**
     * Returns the datapath id.
     *
     * @return datapath id
     */
    public long datapathId() {
        return datapathId;
    }

    /**
     * Returns the manufacturer description.
     *
     * @return e.g. "Nicira, Inc."
     */
    public String manufacturer() {
        return manufacturer;
    }

    /**
     * Returns the hardware description.
     *
     * @return e.g. "Open vSwitch"
     */
    public String hardware() {
        return hardware;
    }

    /**
     * Returns the software description.
     *
     * @return e.g. "3.1.0"
     */
    public String software() {
        return software;
    }

    /**
     * Returns the serial number.
     *
     * @return serial number, possibly empty
     */
    public String serialNumber() {
        return serialNumber;
    }

    /**
     * Returns the datapath description.
     *
     * @return description, e.g. the bridge name
     */
    public String datapathDescription() {
        return datapathDescription;
    }

    /**
     * Returns the number of flow tables.
     *
     * @return table count
     */
    public int tables() {
        return tables;
    }

    /**
     * Tells whether the switch has meters that drop packets above a packet rate.
     *
     * @return true when it can limit what it sends to the controller
     */
    public boolean hasPacketMeters() {
        return packetMeters;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SwitchDescription)) {
            return false;
        }
        SwitchDescription that = (SwitchDescription) o;
        return datapathId == that.datapathId && tables == that.tables && packetMeters == that.packetMeters
                && manufacturer.equals(that.manufacturer)
                && hardware.equals(that.hardware) && software.equals(that.software)
                && serialNumber.equals(that.serialNumber) && datapathDescription.equals(that.datapathDescription);
    }

    @Override
    public int hashCode() {
        return Objects.hash(datapathId, manufacturer, hardware, software, serialNumber, datapathDescription, tables,
                            packetMeters);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
                .add("id", deviceId())
                .add("manufacturer", manufacturer)
                .add("hardware", hardware)
                .add("software", software)
                .add("tables", tables)
                .add("packetMeters", packetMeters)
                .toString();
    }
}
