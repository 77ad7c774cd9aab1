// The fuzz targets' bodies, shared by the libFuzzer executables (scripts/fuzz.sh, clang) and the replay test that
// runs every kept input under the normal build. Each feeds the bytes to one importer through a real file and a real
// project; a mel::core::Error is the expected outcome for bad input, anything else is a bug.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace mel::fuzz {

void importJsonlBytes(const std::uint8_t* data, std::size_t size);
void importMelBenchBytes(const std::uint8_t* data, std::size_t size);
void importKbNamesBytes(const std::uint8_t* data, std::size_t size);
void probeImageBytes(const std::uint8_t* data, std::size_t size);

// Target by name ("jsonl", "melbench", "kb", "image"); nullptr when unknown.
using Target = void (*)(const std::uint8_t*, std::size_t);
Target targetNamed(const std::string& name);

} // namespace mel::fuzz
