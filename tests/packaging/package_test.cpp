// The .deb: built by CPack from this build tree, its file list and control data inspected, then extracted into a
// temporary root where the installed programs must run and the desktop files must validate.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

namespace fs = std::filesystem;

namespace {

struct ShellResult
{
    int exitCode = -1;
    std::string out;
};

ShellResult sh(const std::string& command)
{
    ShellResult r;
    FILE* p = popen((command + " 2>&1").c_str(), "r");
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        r.out.append(buf, n);
    const int status = pclose(p);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

} // namespace

// One test: building the package is the slow part (about 20 s), so it is done once.
TEST(Package, BuildsInspectsAndInstallsTheDeb)
{
    std::random_device rd;
    const fs::path dir = fs::temp_directory_path() / ("mel-package-" + std::to_string(rd()));
    fs::create_directories(dir);
    struct Cleanup
    {
        fs::path dir;
        ~Cleanup() { fs::remove_all(dir); }
    } cleanup{dir};
    const ShellResult build = sh("cd " + std::string(MEL_BUILD_DIR) + " && cpack -G DEB -B " + dir.string());
    ASSERT_EQ(build.exitCode, 0) << build.out;
    fs::path deb;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".deb")
            deb = e.path();
    ASSERT_FALSE(deb.empty()) << build.out;
    EXPECT_NE(deb.filename().string().find("melstudio_" MEL_VERSION), std::string::npos) << deb;
    const fs::path* s_deb = &deb;
    const fs::path* s_dir = &dir;

    // Contents: programs, desktop integration, demo data, nothing outside /usr.
    const ShellResult list = sh("dpkg-deb -c " + s_deb->string());
    ASSERT_EQ(list.exitCode, 0) << list.out;
    for (const char* path : {"./usr/bin/melstudio", "./usr/bin/melstudio-cli",
                             "./usr/share/applications/io.melstudio.MELStudio.desktop",
                             "./usr/share/metainfo/io.melstudio.MELStudio.metainfo.xml",
                             "./usr/share/mime/packages/melstudio.xml",
                             "./usr/share/icons/hicolor/16x16/apps/io.melstudio.MELStudio.png",
                             "./usr/share/icons/hicolor/48x48/apps/io.melstudio.MELStudio.png",
                             "./usr/share/icons/hicolor/256x256/apps/io.melstudio.MELStudio.png",
                             "./usr/share/icons/hicolor/scalable/apps/io.melstudio.MELStudio.svg",
                             "./usr/share/melstudio/demo/wikidata-mel/Wikidata-MEL.json"})
        EXPECT_NE(list.out.find(std::string(path) + "\n"), std::string::npos) << path;
    // Nothing outside /usr.
    std::size_t start = 0;
    for (std::size_t nl; (nl = list.out.find('\n', start)) != std::string::npos; start = nl + 1) {
        const std::string line = list.out.substr(start, nl - start);
        const auto at = line.find(" ./");
        ASSERT_NE(at, std::string::npos) << line;
        const std::string path = line.substr(at + 1);
        EXPECT_TRUE(path == "./" || path.rfind("./usr/", 0) == 0 || path == "./usr") << path;
    }

    const ShellResult control = sh("dpkg-deb -I " + s_deb->string());
    EXPECT_NE(control.out.find("Package: melstudio"), std::string::npos) << control.out;
    EXPECT_NE(control.out.find("Depends:"), std::string::npos) << control.out;
    EXPECT_NE(control.out.find("libsqlite3"), std::string::npos) << control.out;  // from dpkg-shlibdeps
    EXPECT_NE(control.out.find("libopenblas0-pthread"), std::string::npos) << control.out;

    // Installed into a temporary root, both programs run and the desktop files validate.
    const fs::path root = *s_dir / "root";
    const ShellResult extract = sh("dpkg-deb -x " + s_deb->string() + " " + root.string());
    ASSERT_EQ(extract.exitCode, 0) << extract.out;
    const ShellResult cli = sh((root / "usr/bin/melstudio-cli").string() + " --version");
    EXPECT_EQ(cli.exitCode, 0) << cli.out;
    EXPECT_NE(cli.out.find(MEL_VERSION), std::string::npos) << cli.out;
    const ShellResult gui = sh("QT_QPA_PLATFORM=offscreen " + (root / "usr/bin/melstudio").string() + " --version");
    EXPECT_EQ(gui.exitCode, 0) << gui.out;
    EXPECT_NE(gui.out.find(MEL_VERSION), std::string::npos) << gui.out;

    const ShellResult desktop = sh("desktop-file-validate " +
                           (root / "usr/share/applications/io.melstudio.MELStudio.desktop").string());
    EXPECT_EQ(desktop.exitCode, 0) << desktop.out;
    EXPECT_EQ(desktop.out.find("error"), std::string::npos) << desktop.out;
    const ShellResult metainfo = sh("appstreamcli validate --no-net " +
                            (root / "usr/share/metainfo/io.melstudio.MELStudio.metainfo.xml").string());
    EXPECT_EQ(metainfo.exitCode, 0) << metainfo.out;
    // The MIME database accepts the project type and maps *.melproj to it.
    const fs::path mime = root / "usr/share/mime";
    const ShellResult update = sh("update-mime-database " + mime.string());
    EXPECT_EQ(update.exitCode, 0) << update.out;
    EXPECT_TRUE(fs::exists(mime / "application/x-melstudio-project.xml"));
    EXPECT_NE(sh("cat " + (mime / "globs2").string()).out.find("application/x-melstudio-project:*.melproj"),
              std::string::npos);
}
