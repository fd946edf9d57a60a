#include "trustgate/server/http.h"

#include <cctype>

#include "base/json_string.h"
#include "base/text.h"

namespace trustgate::server {

namespace {

int status_for(base::ErrorKind kind) {
  switch (kind) {
    case base::ErrorKind::InvalidArgument:
      return 400;
    case base::ErrorKind::NotFound:
      return 404;
    case base::ErrorKind::Conflict:
      return 409;
    case base::ErrorKind::PermissionDenied:
      return 403;
    case base::ErrorKind::Busy:
      return 503;
    case base::ErrorKind::Corruption:
    case base::ErrorKind::IO:
      return 500;
  }
  return 500;
}

std::string_view title_for(int status) {
  switch (status) {
    case 400:
      return "The request is not valid";
    case 401:
      return "Sign in first";
    case 403:
      return "Not allowed";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 409:
      return "Conflict";
    case 413:
      return "The body is too large";
    case 415:
      return "Unsupported media type";
    case 429:
      return "Too many attempts";
    case 431:
      return "The headers are too large";
    case 503:
      return "Unavailable";
    default:
      return "Internal error";
  }
}

// A problem's text quotes what the request sent (an id, a name, a query
// parameter): text that is not valid, printable UTF-8 is written with
// escapes (base::printable), so that the body is always valid JSON of
// printable text. Text that is already clean is kept as it is.
std::string problem_text(std::string_view s) {
  constexpr base::TextRule kAnyLength{std::string_view::npos, false, false};
  if (base::check_text("", s, kAnyLength)) return std::string(s);
  return base::printable(s);
}

std::string problem_body(int status, std::string_view title, std::string_view detail,
                         std::string_view pointer) {
  std::string out = "{\"type\":\"about:blank\",\"title\":";
  base::append_json_string(out, title);
  out += ",\"status\":" + std::to_string(status) + ",\"detail\":";
  base::append_json_string(out, problem_text(detail));
  out += ",\"errors\":[";
  if (!pointer.empty() || status == 400) {
    out += "{\"pointer\":";
    base::append_json_string(out, problem_text(pointer));
    out += ",\"detail\":";
    base::append_json_string(out, problem_text(detail));
    out += "}";
  }
  return out + "]}";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `plus_is_space`: in a query, "+" is a space (HTML forms); in a path it is
// itself (RFC 3986).
base::Result<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (s[i] == '%') {
      int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) return base::invalid_field("", "bad percent-encoding in the URL");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The origin form of an absolute-form target (RFC 9112 3.2.2): the scheme
// and authority dropped, an empty path read as "/" (RFC 9110 4.2.3). An
// authority with user information, or without a host, is refused.
base::Result<std::string> origin_form(std::string_view target) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.size() < scheme.size()) continue;
    bool same = true;
    for (size_t i = 0; i < scheme.size(); ++i) {
      same &= std::tolower(static_cast<unsigned char>(target[i])) == scheme[i];
    }
    if (!same) continue;
    const size_t end = target.find_first_of("/?", scheme.size());
    const std::string_view authority = target.substr(
        scheme.size(), end == std::string_view::npos ? target.npos : end - scheme.size());
    if (authority.empty() || authority.front() == ':') {
      return base::invalid_field("", "the request target names no host");
    }
    if (authority.find('@') != std::string_view::npos) {
      return base::invalid_field("", "the request target holds user information");
    }
    const std::string_view rest = end == std::string_view::npos ? "" : target.substr(end);
    return (rest.empty() || rest.front() == '?' ? "/" : "") + std::string(rest);
  }
  return std::string(target);
}

}  // namespace

std::string_view HttpRequest::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

HttpResponse problem(const base::Error& error) {
  HttpResponse r;
  r.status = status_for(error.kind);
  r.content_type = "application/problem+json";
  std::string detail = r.status == 500 ? "the service failed: " + error.message : error.message;
  r.body = problem_body(r.status, title_for(r.status), detail, error.field);
  return r;
}

HttpResponse problem(int status, std::string_view title, std::string_view detail) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = problem_body(status, title.empty() ? title_for(status) : title, detail, "");
  return r;
}

base::Result<Target> parse_target(std::string_view request_target) {
  auto origin = origin_form(request_target);
  if (!origin) return origin.error();
  const std::string_view target = *origin;
  if (target.empty() || target.front() != '/') {
    return base::invalid_field("", "the request target must be a path starting with /");
  }
  Target t;
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  auto path = percent_decode(raw_path, false);
  if (!path) return path.error();
  // A path's segments are split before they are read: an encoded slash
  // would make one segment look like two, and a control character is no
  // name of anything.
  for (unsigned char c : *path) {
    if (c < 0x20 || c == 0x7f) {
      return base::invalid_field("", "the path holds a control character");
    }
  }
  for (size_t i = 0; i + 2 < raw_path.size(); ++i) {
    if (raw_path[i] == '%' && raw_path[i + 1] == '2' && (raw_path[i + 2] | 0x20) == 'f') {
      return base::invalid_field("", "the path holds an encoded slash (%2F)");
    }
  }
  t.path = std::move(*path);
  if (q == std::string_view::npos) return t;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!key || !value) return base::invalid_field("", "bad percent-encoding in the query");
    if (!t.query.emplace(*key, *value).second) {
      return base::invalid_field("/" + *key, "query parameter given twice");
    }
  }
  return t;
}

}  // namespace trustgate::server
