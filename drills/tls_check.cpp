#include "drills/tls_check.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <memory>

#include "platform/child.hpp"

namespace drsim::drills {
namespace {

std::string openssl_error() {
  const unsigned long e = ERR_get_error();
  if (e == 0) return "the handshake failed";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

}  // namespace

std::string tls_problem(const std::string& address, const TlsSpec& tls, double timeout_s) {
  const auto colon = address.rfind(':');
  const std::string host = address.substr(0, colon), port = address.substr(colon + 1);
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        &SSL_CTX_free);
  if (!ctx) return openssl_error();
  if (SSL_CTX_load_verify_locations(ctx.get(), tls.ca_file.c_str(), nullptr) != 1) {
    return "cannot load the CA " + tls.ca_file + ": " + openssl_error();
  }
  if (!tls.cert_file.empty() &&
      (SSL_CTX_use_certificate_chain_file(ctx.get(), tls.cert_file.c_str()) != 1 ||
       SSL_CTX_use_PrivateKey_file(ctx.get(), tls.key_file.c_str(), SSL_FILETYPE_PEM) != 1)) {
    return "cannot load the client certificate " + tls.cert_file + ": " + openssl_error();
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);

  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || !found) {
    return "cannot resolve " + host;
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addrs(found, &::freeaddrinfo);
  const platform::Fd sock(::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  const int fd = sock.get();
  if (fd < 0) return "cannot open a socket";
  timeval tv{static_cast<long>(timeout_s), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (::connect(fd, found->ai_addr, found->ai_addrlen) != 0) return "cannot connect to " + address;

  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), &SSL_free);
  SSL_set_fd(ssl.get(), fd);
  in_addr ip{};
  if (::inet_pton(AF_INET, host.c_str(), &ip) == 1) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl.get(), host.c_str());
    SSL_set1_host(ssl.get(), host.c_str());
  }
  if (SSL_connect(ssl.get()) != 1) {
    const long verify = SSL_get_verify_result(ssl.get());
    if (verify != X509_V_OK) {
      return "the certificate of " + address + " does not verify against " + tls.ca_file + ": " +
             X509_verify_cert_error_string(verify);
    }
    return "the TLS handshake with " + address + " failed: " + openssl_error();
  }
  // TLS 1.3 servers judge the client's certificate after the handshake: a read shows it.
  char byte;
  SSL_peek(ssl.get(), &byte, 1);
  const unsigned long e = ERR_peek_error();
  if (e == 0) return "";
  if (tls.cert_file.empty()) {
    return "it asks for a client certificate and source.tls gives none (" + openssl_error() + ")";
  }
  return "it refused the client certificate " + tls.cert_file + " (" + openssl_error() + ")";
}

}  // namespace drsim::drills
