/* pn-test-server.h — a loopback HTTP server for the net tests and benchmarks
 *
 * A SoupServer listening on port 0 of one or more loopback addresses
 * (127.0.0.1, 127.0.0.2… are distinct hosts to a client and all reach lo on
 * Linux), running in its own thread with its own GMainContext so that the
 * code under test can block or spin its own main context freely.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _PnTestServer PnTestServer;

PnTestServer *pn_test_server_new             (guint               n_hosts);
void          pn_test_server_add_handler     (PnTestServer       *self,
                                              const char         *path,
                                              SoupServerCallback  callback,
                                              gpointer            user_data);
void          pn_test_server_set_certificate (PnTestServer       *self,
                                              GTlsCertificate    *certificate);
void          pn_test_server_start           (PnTestServer       *self);
void          pn_test_server_free            (PnTestServer       *self);
char         *pn_test_server_url             (PnTestServer       *self,
                                              guint               host,
                                              const char         *path);
char         *pn_test_server_host_url        (PnTestServer       *self,
                                              guint               host);
guint         pn_test_server_get_hits        (PnTestServer       *self,
                                              const char         *path);
guint         pn_test_server_get_total_hits  (PnTestServer       *self);
guint         pn_test_server_get_max_concurrent          (PnTestServer *self);
guint         pn_test_server_get_max_concurrent_for_host (PnTestServer *self,
                                                          guint         host);
char         *pn_test_server_dup_last_header (PnTestServer       *self,
                                              const char         *name);
void          pn_test_server_respond_later   (PnTestServer       *self,
                                              SoupServerMessage  *message,
                                              guint               delay_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PnTestServer, pn_test_server_free)

G_END_DECLS
