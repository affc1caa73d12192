#!/bin/bash
# The first open after a server session of N lookups, stopped by SIGTERM
# (the server opens the register once on its way down) or SIGKILL (it does not).
set -u
D=${DTKS:-target/release/dtks}
N=${N:-2000}
BENCH=${BENCH:-/work/bench}
NIKS=$(awk -F, 'NR>1 && NR%400==0 {print $1}' $BENCH/data/persons.csv | head -$N)
for how in TERM KILL; do
  rm -rf $BENCH/db-open; cp -r $BENCH/db $BENCH/db-open
  $D --db $BENCH/db-open serve --listen 127.0.0.1:2399 > /tmp/serve-open.log 2>&1 &
  pid=$!
  sleep 3
  i=0
  for nik in $NIKS; do $D --db $BENCH/db-open lookup $nik > /dev/null 2>&1; i=$((i+1)); [ $i -ge $N ] && break; done
  sleep 1
  kill -$how $pid; wait $pid 2>/dev/null
  sleep 1
  s=$(date +%s%N); $D --db $BENCH/db-open lookup 3101011304772586 > /dev/null 2>&1; e=$(date +%s%N)
  first=$(( (e-s)/1000000 ))
  s=$(date +%s%N); $D --db $BENCH/db-open lookup 3101011304772586 > /dev/null 2>&1; e=$(date +%s%N)
  second=$(( (e-s)/1000000 ))
  events=$($D --db $BENCH/db-open audit verify | tail -1)
  echo "$how after $i lookups: first lookup process ${first} ms, the next ${second} ms; $events"
done
rm -rf $BENCH/db-open
