// Shared helpers for the offscreen widget tests: one QApplication, event-loop waits, demo project copies.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include <QApplication>

namespace mel::test {

// The process-wide QApplication (created on first use; QT_QPA_PLATFORM=offscreen comes from CTest).
QApplication& app();

// Processes events until `condition` holds or `timeoutMs` passes; returns the condition's last value.
bool waitFor(const std::function<bool()>& condition, int timeoutMs = 10000);

// A fresh temporary folder, removed with its contents when destroyed.
class UiTempDir
{
public:
    UiTempDir();
    ~UiTempDir();
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

// A copy of a project holding the bundled Wikidata-MEL demo (KB + samples), imported once per test run.
std::filesystem::path demoProjectCopy(const UiTempDir& dir);

} // namespace mel::test
