// The checkpoint fuzz target's body, shared by the libFuzzer executable (scripts/fuzz.sh checkpoint) and the bad-
// checkpoint test that replays the corpus under tests/data/bad/checkpoints in every normal test run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace mel::fuzz {

// Writes the bytes to a file, then inspectCheckpoint + loadLinker; a linker that loads must rank one mention with
// explanations. mel::core::Error naming the file is the expected outcome for bad bytes; any other exception escapes
// (libFuzzer reports it as a crash). Returns true when the bytes loaded as a linker.
bool loadCheckpointBytes(const std::uint8_t* data, std::size_t size);

// The same for a file already on disk.
bool loadCheckpointFile(const std::string& path);

// A small valid checkpoint (ghmf, mimic, dwe or gemel; tiny config, a few KB) for seeding the fuzzer and for the
// damaged-copy tests.
void writeTinyCheckpoint(const std::string& path, const std::string& linker = "ghmf");

} // namespace mel::fuzz
