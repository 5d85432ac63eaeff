package org.vigil.server.timeseries;

import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

import java.util.concurrent.TimeUnit;

/**
 * The one shared influxdb-java client (a client per call leaks OkHttp threads), with short timeouts so an
 * unreachable InfluxDB shows up as a failed write to retry rather than a writer stuck for minutes.
 */
public final class InfluxConnection implements AutoCloseable {
    private final InfluxDB client;

    public InfluxConnection(String url) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false);
        this.client = InfluxDBFactory.connect(url, http);
        client.setLogLevel(InfluxDB.LogLevel.NONE);
    }

    public InfluxDB client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
