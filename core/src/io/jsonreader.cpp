// A SAX handler that builds one record at a time, so large files stream in order and duplicates are caught.
#include "jsonreader.h"

#include <fstream>
#include <unordered_set>

namespace mel::core::io {
namespace {

using nlohmann::json;

// nlohmann's own DOM parser keeps the last of two equal keys and sorts object keys; importers need both the
// file order (for export) and an error on duplicates (a duplicate sample id silently replacing another is data
// loss), so the DOM is built here.
constexpr std::size_t kMaxNesting = 64;

class StrictSax
{
public:
    StrictSax(std::string file, std::string record, bool streamMembers, const JsonMemberFn* onMember,
              std::string valueField = {})
        : m_file(std::move(file))
        , m_record(std::move(record))
        , m_valueField(std::move(valueField))
        , m_stream(streamMembers)
        , m_inRecord(!streamMembers)
        , m_onMember(onMember)
    {
    }

    json& document() { return m_root; }

    bool null() { return add(json(nullptr)); }
    bool boolean(bool value) { return add(json(value)); }
    bool number_integer(json::number_integer_t value) { return add(json(value)); }
    bool number_unsigned(json::number_unsigned_t value) { return add(json(value)); }
    bool number_float(json::number_float_t value, const std::string&) { return add(json(value)); }
    bool string(std::string& value) { return add(json(std::move(value))); }
    bool binary(json::binary_t& value) { return add(json::binary(std::move(value))); }

    bool start_object(std::size_t)
    {
        if (m_stream && !m_topOpen && m_stack.empty()) {
            m_topOpen = true;
            return true;
        }
        return open(json::object());
    }

    bool start_array(std::size_t)
    {
        if (m_stream && !m_topOpen && m_stack.empty())
            fail(ErrorCode::Invalid, "the top level must be a JSON object, found an array");
        return open(json::array());
    }

    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(std::string& key)
    {
        if (m_stream && m_stack.empty()) {
            // A top-level key names a record.
            if (!m_seen.insert(key).second) {
                m_record = key;
                m_inRecord = true;
                m_field.clear();
                fail(ErrorCode::Invalid, "duplicate record id '" + key + "'");
            }
            m_record = key;
            m_inRecord = true;
            m_field.clear();
            m_fieldOrder.clear();
            m_memberKey = std::move(key);
            return true;
        }
        json& object = *m_stack.back();
        if (object.contains(key))
            fail(ErrorCode::Invalid, "duplicate key '" + key + "'", m_stack.size() == 1 ? key : m_field);
        if (m_stack.size() == 1) {
            m_field = key;
            m_fieldOrder.push_back(key);
        }
        m_key = std::move(key);
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex)
    {
        std::string what = ex.what();
        // Drop nlohmann's "[json.exception.parse_error.101] " prefix: the user needs the position and the reason.
        if (const auto close = what.find("] "); what.rfind("[json.exception.", 0) == 0 && close != std::string::npos)
            what.erase(0, close + 2);
        if (what.find("ill-formed UTF-8") != std::string::npos)
            fail(ErrorCode::Invalid, "text is not valid UTF-8 (near byte " + std::to_string(position) + "): " + what);
        fail(ErrorCode::Parse, "malformed JSON: " + what);
        return false;
    }

private:
    [[noreturn]] void fail(ErrorCode code, const std::string& detail) { fail(code, detail, m_field); }
    [[noreturn]] void fail(ErrorCode code, const std::string& detail, const std::string& field)
    {
        // Between records (e.g. a bad key) no record is named: the parser's line and column say where.
        if (!m_inRecord)
            throw Error(code, detail, {m_file, {}, {}});
        throw Error(code, detail, {m_file, m_record, field.empty() && m_stack.empty() ? m_valueField : field});
    }

    // Places a finished scalar or a new container where the parser is; returns the slot.
    json* place(json&& value)
    {
        if (m_stack.empty()) {
            if (m_stream && !m_topOpen)
                fail(ErrorCode::Invalid, "the top level must be a JSON object, found a " + std::string(value.type_name()));
            m_root = std::move(value);
            return &m_root;
        }
        json& parent = *m_stack.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        json& slot = parent[m_key];
        slot = std::move(value);
        return &slot;
    }

    bool add(json&& value)
    {
        place(std::move(value));
        if (m_stack.empty())
            deliver();
        return true;
    }

    bool open(json&& container)
    {
        // Real records are a few levels deep; a limit keeps hostile input from exhausting the stack later on.
        if (m_stack.size() >= kMaxNesting)
            fail(ErrorCode::Invalid, "JSON nested more than " + std::to_string(kMaxNesting) + " levels deep");
        m_stack.push_back(place(std::move(container)));
        return true;
    }

    bool close()
    {
        if (m_stack.empty())
            return true;  // the streamed top-level object itself
        m_stack.pop_back();
        if (m_stack.empty())
            deliver();
        return true;
    }

    void deliver()
    {
        if (!m_stream)
            return;
        (*m_onMember)(JsonMember{m_memberKey, m_root, m_fieldOrder, m_index++});
        m_root = json();
        m_field.clear();
        m_inRecord = false;
    }

    std::string m_file;
    std::string m_record;
    std::string m_field;
    std::string m_valueField;
    bool m_stream;
    bool m_inRecord;
    bool m_topOpen = false;
    const JsonMemberFn* m_onMember;
    json m_root;
    std::vector<json*> m_stack;
    std::string m_key;        // the key of the value being parsed inside a record
    std::string m_memberKey;  // the key of the current top-level member (the record id)
    std::vector<std::string> m_fieldOrder;
    std::unordered_set<std::string> m_seen;
    std::size_t m_index = 0;
};

} // namespace

std::string readFile(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open file for reading", {file.string(), {}, {}});
    std::string text;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size > 0) {
        text.resize(static_cast<std::size_t>(size));
        in.seekg(0);
        in.read(text.data(), size);
    }
    if (!in)
        throw Error(ErrorCode::Io, "cannot read file", {file.string(), {}, {}});
    return text;
}

void forEachMember(std::string_view text, const std::string& file, const JsonMemberFn& onMember,
                   const std::string& valueField)
{
    StrictSax sax(file, {}, true, &onMember, valueField);
    nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
}

nlohmann::json parseDocument(std::string_view text, const ErrorContext& where)
{
    StrictSax sax(where.file, where.record, false, nullptr);
    nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
    return std::move(sax.document());
}

} // namespace mel::core::io
