#!/usr/bin/env bash
# kafka-tls.sh: make the throwaway TLS material and credentials of a test
# cluster's secured listeners, with openssl only (no keytool: the brokers
# read PEM, KIP-651).
#
#   kafka-tls.sh DIR     write DIR/{ca,broker,client,...}.pem and DIR/secrets.env
#
# DIR/secrets.env (key=value, sourceable) names every file and holds the
# generated passwords.  Files:
#   ca.pem, ca.key           the CA that signs everything below
#   broker-keystore.pem      the brokers' key (PKCS#8) and certificate, which
#                            names IP:127.0.0.1 only (so "localhost" mismatches)
#   client.pem, client.key   a client certificate for the mTLS listener
#   client-enc.pem, client-enc.key
#                            another, its key encrypted with client_key_password
#   expired.pem, expired.key a client certificate whose validity ended in 2020
#   wrong-ca.pem             an unrelated CA
set -euo pipefail

[ $# -eq 1 ] || { sed -n '5,6p' "$0" | sed 's/^#   //' >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
cd "$out"

ecparam=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
# a distinctive secret, so a test can grep every output for it
secret() { echo "$1-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 14)"; }

openssl req -x509 "${ecparam[@]}" -keyout ca.key -out ca.pem -days 3650 \
    -subj "/CN=kdeck test CA" 2> /dev/null
openssl req -x509 "${ecparam[@]}" -keyout wrong-ca.key -out wrong-ca.pem -days 3650 \
    -subj "/CN=some other CA" 2> /dev/null

# sign NAME CN EXTENSIONS [ca-args...]: NAME.key (PKCS#8) and NAME.pem
sign() {
    local name=$1 cn=$2 ext=$3
    openssl req "${ecparam[@]}" -keyout "$name.key" -out "$name.csr" -subj "/CN=$cn" 2> /dev/null
    printf '%s\n' "$ext" > "$name.ext"
    openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
        -out "$name.pem" -days 3650 -extfile "$name.ext" 2> /dev/null
    rm -f "$name.csr" "$name.ext"
}
sign broker 127.0.0.1 "subjectAltName=IP:127.0.0.1
basicConstraints=CA:FALSE
extendedKeyUsage=serverAuth,clientAuth"
cat broker.key broker.pem > broker-keystore.pem
sign client kdeck-client "basicConstraints=CA:FALSE
extendedKeyUsage=clientAuth"
sign client-enc kdeck-client-enc "basicConstraints=CA:FALSE
extendedKeyUsage=clientAuth"
key_pw=$(secret keypw)
openssl pkcs8 -topk8 -v2 aes-256-cbc -in client-enc.key -out client-enc.key.tmp \
    -passout "pass:$key_pw"
mv client-enc.key.tmp client-enc.key

# expired: OpenSSL 3.0's x509 -req cannot backdate, its ca command can
openssl req "${ecparam[@]}" -keyout expired.key -out expired.csr -subj "/CN=kdeck-expired" 2> /dev/null
: > index.txt
echo 1000 > serial
cat > ca.cnf << 'CNF'
[ ca ]
default_ca = test_ca
[ test_ca ]
database = index.txt
serial = serial
new_certs_dir = .
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
CNF
openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr \
    -out expired.pem -startdate 20200101000000Z -enddate 20200102000000Z -notext 2> /dev/null
rm -f expired.csr index.txt* serial* ca.cnf ./*.srl ./[0-9]*.pem

cat > secrets.env << ENV
ca_pem=$out/ca.pem
wrong_ca_pem=$out/wrong-ca.pem
broker_keystore_pem=$out/broker-keystore.pem
client_cert_pem=$out/client.pem
client_key_pem=$out/client.key
client_cert_enc_pem=$out/client-enc.pem
client_key_enc_pem=$out/client-enc.key
client_key_password=$key_pw
expired_cert_pem=$out/expired.pem
expired_key_pem=$out/expired.key
scram512_user=alice
scram512_password=$(secret scram512)
scram256_user=carol
scram256_password=$(secret scram256)
plain_user=bob
plain_password=$(secret plain)
ENV
chmod 600 ./*.key secrets.env
