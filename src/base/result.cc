#include "base/result.h"

namespace base {

std::string_view error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidArgument:
      return "invalid argument";
    case ErrorKind::NotFound:
      return "not found";
    case ErrorKind::Conflict:
      return "conflict";
    case ErrorKind::Corruption:
      return "corruption";
    case ErrorKind::IO:
      return "I/O error";
    case ErrorKind::Busy:
      return "busy";
    case ErrorKind::PermissionDenied:
      return "permission denied";
  }
  return "error";
}

std::string Error::describe() const {
  std::string out;
  if (!field.empty()) out = field + ": ";
  if (loc.line != 0) out += std::to_string(loc.line) + ":" + std::to_string(loc.column) + ": ";
  return out + message;
}

namespace {
Error make(ErrorKind kind, std::string message) {
  Error e;
  e.message = std::move(message);
  e.kind = kind;
  return e;
}
}  // namespace

Error invalid_field(std::string field, std::string message) {
  Error e = make(ErrorKind::InvalidArgument, std::move(message));
  e.field = std::move(field);
  return e;
}
Error not_found(std::string message) { return make(ErrorKind::NotFound, std::move(message)); }
Error conflict(std::string message) { return make(ErrorKind::Conflict, std::move(message)); }
Error corruption(std::string message) { return make(ErrorKind::Corruption, std::move(message)); }
Error io_error(std::string message) { return make(ErrorKind::IO, std::move(message)); }
Error busy(std::string message) { return make(ErrorKind::Busy, std::move(message)); }
Error permission_denied(std::string message) {
  return make(ErrorKind::PermissionDenied, std::move(message));
}

std::string pointer_append(std::string_view parent, std::string_view token) {
  std::string out(parent);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer_append(std::string_view parent, size_t index) {
  return std::string(parent) + "/" + std::to_string(index);
}

}  // namespace base
