// The one error type of the core layer: a message with the file, record and field it concerns.
#pragma once

#include <stdexcept>
#include <string>

namespace mel::core {

enum class ErrorCode
{
    Io,           // a file could not be read or written
    Parse,        // malformed JSON or text
    Invalid,      // well-formed input with a wrong type, missing field, bad value
    Database,     // SQLite reported an error
    NotFound,     // a dataset, sample, mention or entity that does not exist
    Cancelled,    // the user cancelled a job (not a failure; callers report it as such)
    Unsafe,       // a path escaping its root, or another refused operation
};

// Where an error happened. Empty parts are left out of the message.
struct ErrorContext
{
    std::string file;
    std::string record;
    std::string field;
};

// Thrown by core functions; the CLI and GUI turn what() into one line for the user.
class Error : public std::runtime_error
{
public:
    Error(ErrorCode code, const std::string& detail, ErrorContext context = {});

    ErrorCode code() const noexcept { return m_code; }
    const ErrorContext& context() const noexcept { return m_context; }
    const std::string& detail() const noexcept { return m_detail; }

private:
    ErrorCode m_code;
    ErrorContext m_context;
    std::string m_detail;
};

// "file: record R: field F: detail" with the empty parts omitted.
std::string formatError(const ErrorContext& context, const std::string& detail);

} // namespace mel::core
