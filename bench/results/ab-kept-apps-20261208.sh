#!/bin/bash
# A/B: old (/tmp/oldjar) and new (/work/main) jars side by side, alternating, 16 connections
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PBXAUTH_RATE_LIMITS=off
OPTS="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms16m -Xmx72m -XX:NewRatio=1 -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -Xss512k -XX:ReservedCodeCacheSize=64m"
ID=a80f1e618ddd4d4584e2bd18fd464194; SEC=a2423941f5be408c998d5f7287570990
declare -A port=([old]=18301 [new]=18302) jar=([old]=/tmp/oldjar/server/target/pbx-auth.jar [new]=/work/main/server/target/pbx-auth.jar) tok
for v in old new; do rm -rf /tmp/ab-$v; PBXAUTH_BIND=127.0.0.1 $JAVA_HOME/bin/java $OPTS -jar ${jar[$v]} demo --port ${port[$v]} --data /tmp/ab-$v > /tmp/ab-$v.log 2>&1 & echo $! > /tmp/ab-$v.pid; done
sleep 8
for v in old new; do B=http://127.0.0.1:${port[$v]}; tok[$v]=$(curl -s -X POST $B/oauth/token --data-binary "grant_type=password&client_id=$ID&client_secret=$SEC&username=user_name&password=user_password" | grep -o '"access_token":"[^"]*"' | cut -d'"' -f4); done
w() { wrk -t1 -c16 -d$1 --timeout 10s -s /work/main/bench/wrk/bench.lua $2 2>&1 | awk '/Requests\/sec/{print int($2)}'; }
one() { local v=$1 s=$2 d=$3 B=http://127.0.0.1:${port[$v]}
  case $s in noop) BENCH_METHOD=GET w $d $B/health/live;;
  api) BENCH_METHOD=GET BENCH_AUTH="Bearer ${tok[$v]}" w $d $B/api/ver1.0/user/;;
  introspect) BENCH_FORM=1 BENCH_METHOD=POST BENCH_BODY="token=${tok[$v]}&client_id=$ID&client_secret=$SEC" w $d $B/oauth/introspect;; esac; }
for v in old new; do for s in noop api introspect; do one $v $s 5s >/dev/null; done; done
for r in 1 2 3; do for v in old new; do
  n=$(one $v noop 6s); a=$(one $v api 6s); i=$(one $v introspect 6s)
  echo "round $r $v noop $n api $a introspect $i api/noop $(echo "scale=2;$a/$n"|bc) introspect/noop $(echo "scale=2;$i/$n"|bc)"
done; done
for v in old new; do kill $(cat /tmp/ab-$v.pid); done
