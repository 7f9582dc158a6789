/**
 * TEST-ONLY self-signed certificate and key for localhost, 127.0.0.1 and ::1, valid until 2126,
 * so the emulator can serve HTTPS. Never use it for anything but the local emulator: the key is
 * public. Made with:
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 \
 *     -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1 \
 *     -addext basicConstraints=critical,CA:FALSE -addext keyUsage=critical,digitalSignature \
 *     -addext extendedKeyUsage=serverAuth
 * Embedded as text so the bundled dist/tools/emulator.js needs no file beside it.
 */

export const TEST_CERTIFICATE_PEM = `-----BEGIN CERTIFICATE-----
MIIB0TCCAXegAwIBAgIUYzoWOSWdPRaRsTVWdwBHvdLzsIEwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMzE2NTgyMVoYDzIxMjYxMTA5
MTY1ODIxWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAS2stLoEvkNk9rfMsa+IcZswFfA24ujisN1TiWRwtn3D6AGVn2c5hVm
AXlPaMoAIpRez/JHhj0+iR1aa/SEA6R8o4GkMIGhMB0GA1UdDgQWBBThpCkGx1eQ
6n7mHtVWKAKQ0ldBcTAfBgNVHSMEGDAWgBThpCkGx1eQ6n7mHtVWKAKQ0ldBcTAs
BgNVHREEJTAjgglsb2NhbGhvc3SHBH8AAAGHEAAAAAAAAAAAAAAAAAAAAAEwDAYD
VR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4AwEwYDVR0lBAwwCgYIKwYBBQUHAwEw
CgYIKoZIzj0EAwIDSAAwRQIhALhXJ5l1a5s8WkhQ/g8QT7QZA7PxqA9IviDr1f5k
AcfIAiAiRQNeWvNlIMfV9HqvLpXElMXcOg4yb+X1ynHGT9Ag1Q==
-----END CERTIFICATE-----
`;

export const TEST_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvAWpfQUPHgL01vkI
HcAFuR9H+AyWe+HmceKRdVOl1UGhRANCAAS2stLoEvkNk9rfMsa+IcZswFfA24uj
isN1TiWRwtn3D6AGVn2c5hVmAXlPaMoAIpRez/JHhj0+iR1aa/SEA6R8
-----END PRIVATE KEY-----
`;
