// Formatting of core errors.
#include "mel/core/util/error.h"

namespace mel::core {

std::string formatError(const ErrorContext& context, const std::string& detail)
{
    std::string out;
    if (!context.file.empty())
        out += context.file + ": ";
    if (!context.record.empty())
        out += "record " + context.record + ": ";
    if (!context.field.empty())
        out += "field '" + context.field + "': ";
    return out + detail;
}

Error::Error(ErrorCode code, const std::string& detail, ErrorContext context)
    : std::runtime_error(formatError(context, detail))
    , m_code(code)
    , m_context(std::move(context))
    , m_detail(detail)
{
}

} // namespace mel::core
