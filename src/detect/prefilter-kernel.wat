;; The keyword prefilter's byte loop (see prefilter.ts), in WebAssembly: on this 2-core machine the
;; same loop in JavaScript costs ~1.5-1.8x more per byte (bounds and type checks on every load).
;;
;; Memory layout (bytes):
;;   [0, 8192)       LIVE: one bit per trigram bucket still worth waking in this pass
;;   [8192, 16384)   HOT: one bit per bucket some keyword is anchored at (copied to LIVE by `reset`)
;;   [16384, 20480)  OUT_START: i32 start offset (in TEXT) of each candidate trigram
;;   [20480, 24576)  OUT_BUCKET: i32 bucket of each candidate
;;   [24576, 24832)  ALPHABET: 1 for each byte of the base64 alphabets (std and url-safe), else 0
;;   [32768, ...)    TEXT: the text, one byte per UTF-16 unit (its low byte)
;; A bucket is (a * 961 + b * 31 + c) & 0xffff over the units a, b, c each OR-ed with 0x20 (ASCII
;; case folding, as prefilter.ts's `triBucket(hashUnit(..))` for ASCII).
(module
  (memory (export "memory") 1)
  ;; Where `scan` stopped: the index of the next unit to read as a trigram's last unit.
  (global $next (export "next") (mut i32) (i32.const 0))

  (func (export "reset")
    (memory.copy (i32.const 0) (i32.const 8192) (i32.const 8192)))

  ;; Reads TEXT units j, j+1, ... below `end` (j >= 2: a trigram ends at j), and records each trigram
  ;; whose bucket is LIVE, stopping after 1024 records. Returns how many it recorded; `next` says
  ;; where to resume.
  (func (export "scan") (param $j i32) (param $end i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $t i32) (local $n i32)
    (local.set $a (i32.or (i32.load8_u offset=32766 (local.get $j)) (i32.const 32)))
    (local.set $b (i32.or (i32.load8_u offset=32767 (local.get $j)) (i32.const 32)))
    (block $done
      (loop $unit
        (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $c (i32.or (i32.load8_u offset=32768 (local.get $j)) (i32.const 32)))
        (local.set $t
          (i32.and
            (i32.add
              (i32.add (i32.mul (local.get $a) (i32.const 961)) (i32.mul (local.get $b) (i32.const 31)))
              (local.get $c))
            (i32.const 0xffff)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $c))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $unit
          (i32.eqz
            (i32.and
              (i32.shr_u (i32.load8_u (i32.shr_u (local.get $t) (i32.const 3))) (i32.and (local.get $t) (i32.const 7)))
              (i32.const 1))))
        (i32.store offset=16384 (i32.shl (local.get $n) (i32.const 2)) (i32.sub (local.get $j) (i32.const 3)))
        (i32.store offset=20480 (i32.shl (local.get $n) (i32.const 2)) (local.get $t))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $unit (i32.lt_u (local.get $n) (i32.const 1024)))))
    (global.set $next (local.get $j))
    (local.get $n))

  ;; Maximal runs of ALPHABET bytes at least $min long in TEXT[$i, $end), in order, as `base64Runs` in
  ;; decoders.ts finds them: the window [i, i + min) is checked from its far end, and a byte outside
  ;; the alphabet at j rules out every run starting in [i, j]. $i must be 0 or follow a byte outside
  ;; the alphabet. Records (start, end) in OUT_START / OUT_BUCKET, stopping after 1024; `next` says
  ;; where to resume.
  (func (export "runs") (param $i i32) (param $end i32) (param $min i32) (result i32)
    (local $j i32) (local $e i32) (local $n i32)
    (block $done
      (loop $window
        (br_if $done (i32.gt_u (i32.add (local.get $i) (local.get $min)) (local.get $end)))
        (local.set $j (i32.sub (i32.add (local.get $i) (local.get $min)) (i32.const 1)))
        (block $broken
          (loop $back
            (br_if $broken (i32.lt_s (local.get $j) (local.get $i)))
            (br_if $broken (i32.eqz (i32.load8_u offset=24576 (i32.load8_u offset=32768 (local.get $j)))))
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br $back)))
        (if (i32.ge_s (local.get $j) (local.get $i))
          (then
            (local.set $i (i32.add (local.get $j) (i32.const 1)))
            (br $window)))
        (local.set $e (i32.add (local.get $i) (local.get $min)))
        (block $stop
          (loop $ahead
            (br_if $stop (i32.ge_u (local.get $e) (local.get $end)))
            (br_if $stop (i32.eqz (i32.load8_u offset=24576 (i32.load8_u offset=32768 (local.get $e)))))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $ahead)))
        (i32.store offset=16384 (i32.shl (local.get $n) (i32.const 2)) (local.get $i))
        (i32.store offset=20480 (i32.shl (local.get $n) (i32.const 2)) (local.get $e))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $i (i32.add (local.get $e) (i32.const 1)))
        (br_if $window (i32.lt_u (local.get $n) (i32.const 1024)))))
    (global.set $next (local.get $i))
    (local.get $n)))
