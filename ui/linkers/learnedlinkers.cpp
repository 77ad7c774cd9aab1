// The GUI's door into the models layer; everything models-specific stays behind MEL_HAVE_MODELS here.
#include "linkers/learnedlinkers.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

#include "linkers/checkpointtrust.h"
#include "mel/core/util/error.h"

#ifdef MEL_HAVE_MODELS
#include "mel/models/config.h"
#include "mel/models/device.h"
#include "mel/models/linkers.h"
#endif

namespace mel::ui {

namespace {

// The first line of a message (LibTorch errors append a stack trace).
std::string firstLine(const std::string& text)
{
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

// Runs `fn`, turning any failure into a core::Error that names `file`.
template <typename Fn>
auto naming(const QString& file, Fn&& fn)
{
    const std::string path = file.toStdString();
    try {
        return fn();
    } catch (const core::Error& e) {
        if (e.code() == core::ErrorCode::Cancelled || !e.context().file.empty())
            throw;
        throw core::Error(e.code(), firstLine(e.detail()), {path, e.context().record, e.context().field});
    } catch (const std::exception& e) {
        throw core::Error(core::ErrorCode::Invalid, firstLine(e.what()), {path, {}, {}});
    }
}

} // namespace

bool learnedLinkersAvailable()
{
#ifdef MEL_HAVE_MODELS
    return true;
#else
    return false;
#endif
}

QString CheckpointDescription::displayName() const
{
    return QStringLiteral("%1 — %2").arg(linker.toUpper(), QFileInfo(file).fileName());
}

QString CheckpointDescription::summary() const
{
    QString text = QObject::tr("%1 checkpoint").arg(linker.toUpper());
    if (!dataset.isEmpty())
        text += QObject::tr(", trained on %1").arg(dataset);
    if (bestEpoch > 0)
        text += QObject::tr(", best epoch %1").arg(bestEpoch);
    if (devHits1 >= 0 && devMrr >= 0)
        text += QObject::tr(", dev Hits@1 %1, MRR %2").arg(devHits1, 0, 'f', 3).arg(devMrr, 0, 'f', 3);
    return text;
}

CheckpointDescription describeCheckpoint(const QString& file)
{
    CheckpointDescription d;
    d.file = QFileInfo(file).absoluteFilePath();
    d.fingerprint = FileTrust::fingerprint(d.file);
#ifdef MEL_HAVE_MODELS
    const auto info = naming(d.file, [&] { return models::inspectCheckpoint(d.file.toStdString()); });
    d.linker = QString::fromStdString(info.linker);
    d.cachesEntityFeatures = models::cachesEntityFeatures(info.linker);
    d.configJson = QString::fromStdString(models::toJson(info.config));
    const QJsonObject meta = QJsonDocument::fromJson(QByteArray::fromStdString(info.metaJson)).object();
    d.dataset = meta.value(QStringLiteral("dataset")).toString();
    d.bestEpoch = meta.value(QStringLiteral("best_epoch")).toInt();
    d.trainExamples = meta.value(QStringLiteral("train_examples")).toInt();
    const QJsonObject dev = meta.value(QStringLiteral("best_dev")).toObject();
    if (dev.contains(QStringLiteral("mrr")) && dev.value(QStringLiteral("n")).toInt() > 0) {
        d.devHits1 = dev.value(QStringLiteral("hits@1")).toDouble();
        d.devMrr = dev.value(QStringLiteral("mrr")).toDouble();
    }
    return d;
#else
    throw core::Error(core::ErrorCode::Invalid, "this build has no learned linkers (models layer)",
                      {d.file.toStdString(), {}, {}});
#endif
}

std::unique_ptr<core::Linker> loadCheckpointLinker(const QString& file, const QString& device)
{
#ifdef MEL_HAVE_MODELS
    return naming(file, [&] {
        models::LoadOptions options;
        options.device = device.toStdString();
        return models::loadLinker(file.toStdString(), options);
    });
#else
    (void)device;
    throw core::Error(core::ErrorCode::Invalid, "this build has no learned linkers (models layer)",
                      {file.toStdString(), {}, {}});
#endif
}

bool cudaAvailable()
{
#ifdef MEL_HAVE_MODELS
    return models::cudaAvailable();
#else
    return false;
#endif
}

QString resolveDevice(const QString& preferred)
{
#ifdef MEL_HAVE_MODELS
    return QString::fromStdString(models::resolveDevice(preferred.toStdString()));
#else
    (void)preferred;
    return QStringLiteral("cpu");
#endif
}

} // namespace mel::ui
