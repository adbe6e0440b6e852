package org.tenantnat.web.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.tenantnat.api.ChangeHistoryService;
import org.tenantnat.api.ChangeRecord;

import java.util.List;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Reports when the desired state last changed, from the history of changes: the time of the newest recorded change
 * and its revision, for alerts and dashboard annotations on changes. Nothing is reported before the first change.
 */
public final class ChangeHistoryCollector implements MultiCollector {

    private final ChangeHistoryService history;

    /**
     * Creates the collector.
     *
     * @param history the history of changes
     */
    public ChangeHistoryCollector(ChangeHistoryService history) {
        this.history = checkNotNull(history, "history");
    }

    @Override
    public MetricSnapshots collect() {
        List<ChangeRecord> newest = history.changes(0, Long.MAX_VALUE, 1);
        if (newest.isEmpty()) {
            return MetricSnapshots.builder().build();
        }
        ChangeRecord last = newest.get(0);
        return MetricSnapshots.builder()
                .metricSnapshot(gauge("tenantnat_last_change_timestamp_seconds",
                                      "When the newest change of the history of changes was recorded, in seconds "
                                              + "since the epoch", last.time().toEpochMilli() / 1000.0))
                .metricSnapshot(gauge("tenantnat_last_change_revision",
                                      "Revision of the newest change of the history of changes", last.revision()))
                .build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.EMPTY).value(value).build()).build();
    }
}
