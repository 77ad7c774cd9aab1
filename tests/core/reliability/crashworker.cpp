// A child process for the crash and concurrency tests: labels mentions or imports a dataset on a project file and
// acknowledges each committed step on stdout, so the parent knows what must survive a SIGKILL.
//   mel_crash_worker label  DB VALUE FIRST COUNT   set label VALUE on mentions FIRST..FIRST+COUNT-1, "ack ID" each
//   mel_crash_worker import DB FILE NAME           import a JSONL dataset, "done" at the end
// Exit code 0 on success, 2 on any error (its message on stderr).
#include <cstdio>
#include <iostream>
#include <string>

#include "mel/core/io/jsonl.h"
#include "mel/core/store/store.h"

int main(int argc, char** argv)
{
    using namespace mel::core;
    try {
        const std::string mode = argc > 1 ? argv[1] : "";
        if (mode == "label" && argc == 6) {
            Store store(argv[2]);
            const std::string value = argv[3];
            const RowId first = std::stoll(argv[4]);
            const RowId count = std::stoll(argv[5]);
            for (RowId id = first; id < first + count; ++id) {
                store.setLabel(id, value, LabelSource::Human, "crash-worker");
                std::printf("ack %lld\n", static_cast<long long>(id));
                std::fflush(stdout);
            }
            return 0;
        }
        if (mode == "import" && argc == 5) {
            Store store(argv[2]);
            importJsonl(store, {argv[4], argv[3], {}, false});
            std::printf("done\n");
            std::fflush(stdout);
            return 0;
        }
        std::cerr << "usage: mel_crash_worker label DB VALUE FIRST COUNT | import DB FILE NAME\n";
    } catch (const std::exception& e) {
        std::cerr << "mel_crash_worker: " << e.what() << '\n';
    }
    return 2;
}
