// Why a TLS connection to a source fails, in words: a client tool (etcdctl) that only says
// "context deadline exceeded" leaves the user guessing, so drsim makes the handshake itself with
// the same CA and client certificate and reports what OpenSSL found.
#pragma once

#include <string>

#include "drills/drill_spec.hpp"

namespace drsim::drills {

// "" when a TLS handshake with `address` (host:port) succeeds trusting `tls.ca_file` and showing
// its client certificate, else what went wrong ("the certificate of 127.0.0.1:2379 does not
// verify against /etc/etcd/ca.crt: unable to get local issuer certificate", "it asks for a client
// certificate and source.tls gives none (...)").
std::string tls_problem(const std::string& address, const TlsSpec& tls, double timeout_s);

}  // namespace drsim::drills
