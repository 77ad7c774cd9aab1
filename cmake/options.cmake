# One INTERFACE target carries the language standard, warnings and project-wide definitions.
add_library(mel_options INTERFACE)
target_compile_features(mel_options INTERFACE cxx_std_20)
# QT_NO_KEYWORDS: LibTorch declares members named `slots`, which Qt's keyword macro would break.
target_compile_definitions(mel_options INTERFACE QT_NO_KEYWORDS
  MEL_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
  MEL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_compile_options(mel_options INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wno-unused-parameter>)

option(MEL_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(MEL_SANITIZE)
  target_compile_options(mel_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(mel_options INTERFACE -fsanitize=address,undefined)
endif()

# Fuzzing (clang only, scripts/fuzz.sh): coverage instrumentation for libFuzzer plus ASan/UBSan everywhere.
option(MEL_FUZZ "Build the libFuzzer targets (requires clang)" OFF)
if(MEL_FUZZ)
  target_compile_options(mel_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(mel_options INTERFACE -fsanitize=address,undefined)
endif()
