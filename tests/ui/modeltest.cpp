// The tiny checkpoint is trained with the models API itself (not through the GUI) on a copy of the demo project.
#include "modeltest.h"

#include <QHash>

#include "mel/core/store/store.h"
#include "mel/models/config.h"
#include "mel/models/training.h"
#include "uitest.h"

namespace mel::test {

QString tinyModelConfigJson()
{
    return QStringLiteral(
        R"({"text":{"dim":16,"ffn":32,"heads":2,"buckets":1024},"image":{"image_size":32,"dim":16,"grid":2,"channels":[8]},)"
        R"("ghmf":{"dim":16,"heads":2,"layers":1,"ffn":32,"out_dim":16},"mimic":{"hidden":16}})");
}

ui::TrainingSettings tinyTrainingSettings(int epochs, int maxTrain, int batchSize)
{
    ui::TrainingSettings s;
    s.dataset = QStringLiteral("wikidata-mel");
    s.linker = QStringLiteral("mimic");
    s.epochs = epochs;
    s.batchSize = batchSize;
    s.topK = 10;
    s.maxTrainExamples = maxTrain;
    s.maxDevExamples = 8;
    s.threads = 1;
    s.patience = 1000;
    s.modelConfigJson = tinyModelConfigJson();
    return s;
}

const std::filesystem::path& tinyCheckpoint()
{
    static UiTempDir dir;
    static const std::filesystem::path file = [] {
        // Shared by the test processes of one build (CTest runs every test in its own process): keyed by this
        // executable's modification time, written under a temporary name and renamed into place.
        std::error_code ec;
        const auto exeTime = std::filesystem::last_write_time("/proc/self/exe", ec).time_since_epoch().count();
        const auto cached = std::filesystem::temp_directory_path() /
                            ("mel-ui-tiny-mimic-" + std::to_string(qHash(tinyModelConfigJson())) + "-" +
                             std::to_string(exeTime) + ".pt");
        if (std::filesystem::exists(cached))
            return cached;
        const auto project = demoProjectCopy(dir);
        core::Store store(project);
        const auto s = tinyTrainingSettings(1);
        models::TrainOptions o;
        o.model = models::modelConfigFromJson(s.modelConfigJson.toStdString());
        o.dataset = s.dataset.toStdString();
        o.linker = s.linker.toStdString();
        o.epochs = 1;
        o.batchSize = s.batchSize;
        o.topK = s.topK;
        o.maxTrainExamples = s.maxTrainExamples;
        o.maxDevExamples = s.maxDevExamples;
        o.threads = 1;
        o.outPath = (dir / "tiny-mimic.pt").string();
        models::train(store, o);
        const auto unique = cached.string() + "." + std::to_string(std::hash<std::string>{}(dir.path().string()));
        std::filesystem::copy_file(dir / "tiny-mimic.pt", unique, std::filesystem::copy_options::overwrite_existing);
        std::filesystem::rename(unique, cached);
        return cached;
    }();
    return file;
}

} // namespace mel::test
