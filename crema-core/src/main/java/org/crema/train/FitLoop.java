package org.crema.train;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crema.data.Batch;
import org.crema.data.DataLoader;

/** The epoch and batch loop behind {@link Model#fit}. */
final class FitLoop {
    private FitLoop() {}

    static History run(Model model, DataLoader train, DataLoader val, Fit options) {
        CompiledMetrics metrics = model.compiledMetrics();
        List<Callback> callbacks = new ArrayList<>();
        if (options.verbose() > 0) callbacks.add(new ProgressBar(options.verbose() == 1 ? ProgressBar.Mode.AUTO : ProgressBar.Mode.LINES));
        callbacks.addAll(options.callbacks());

        // build lazy layers from one example, then make the optimizer over the parameters that now exist
        // (the first batch of a throw-away pass, so that a loader's transforms are applied; setEpoch below
        // keeps every epoch's order as if this pass had not happened)
        if (!model.isBuilt()) model.ensureBuilt(train.iterator().next().x());
        model.ensureOptimizer();
        model.clearStopTraining();
        model.clipGradNorm(options.clipGradNorm());

        FitParams params = new FitParams(options.epochs(), options.initialEpoch(), train.numBatches(), train.batchSize(),
                train.dataset().size(), val == null ? 0 : val.dataset().size(), options.verbose());
        History history = new History();
        for (Callback c : callbacks) c.onTrainBegin(model, params);
        for (int epoch = options.initialEpoch(); epoch < options.epochs() && !model.isStopTrainingRequested(); epoch++) {
            for (Callback c : callbacks) c.onEpochBegin(model, epoch);
            double lr = model.optimizer().getLr();
            model.module().train();
            metrics.reset();
            double sum = 0;
            long count = 0;
            int step = 0;
            train.setEpoch(epoch);
            for (Batch b : train) {
                for (Callback c : callbacks) c.onBatchBegin(model, step);
                if (step == 0) model.ensureBuilt(b.x());
                Model.Step s = model.step(b.x(), b.y(), true);
                if (!Double.isFinite(s.loss()) && options.nanGuard()) {
                    throw Divergence.diagnose(model, b.x(), b.y(), epoch, step, params, s.loss());
                }
                int n = b.size();
                sum += s.loss() * n;
                count += n;
                if (Double.isFinite(s.loss())) metrics.update(s.output(), s.target());
                Map<String, Double> batchLogs = new BatchLogs(sum / count, metrics);
                for (Callback c : callbacks) c.onBatchEnd(model, step, batchLogs);
                step++;
                if (model.isStopTrainingRequested()) break;
            }
            LinkedHashMap<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", count == 0 ? Double.NaN : sum / count);
            logs.putAll(safeResults(metrics, ""));
            metrics.reset();
            if (val != null) logs.putAll(model.evaluate(val, "val_"));
            logs.put("lr", lr);
            history.append(epoch, logs);
            for (Callback c : callbacks) c.onEpochEnd(model, epoch, java.util.Collections.unmodifiableMap(logs));
        }
        for (Callback c : callbacks) c.onTrainEnd(model, history);
        return history;
    }

    /** Metric values; a metric undefined on this data (say AUC with one class present) is NaN. */
    static Map<String, Double> safeResults(CompiledMetrics metrics, String prefix) {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        List<String> names = metrics.names();
        for (int i = 0; i < names.size(); i++) {
            double v;
            try {
                v = metrics.result(i);
            } catch (RuntimeException e) {
                v = Double.NaN;
            }
            out.put(prefix + names.get(i), v);
        }
        return out;
    }

    /** Running loss and metrics of the epoch so far; metric values are computed only when read. */
    private static final class BatchLogs extends AbstractMap<String, Double> {
        private final double loss;
        private final CompiledMetrics metrics;
        private Map<String, Double> computed;

        BatchLogs(double loss, CompiledMetrics metrics) {
            this.loss = loss;
            this.metrics = metrics;
        }

        @Override
        public Set<Entry<String, Double>> entrySet() {
            if (computed == null) {
                LinkedHashMap<String, Double> m = new LinkedHashMap<>();
                m.put("loss", loss);
                m.putAll(safeResults(metrics, ""));
                computed = java.util.Collections.unmodifiableMap(m);
            }
            return computed.entrySet();
        }

        @Override
        public Double get(Object key) {
            return "loss".equals(key) ? Double.valueOf(loss) : super.get(key);
        }
    }
}
