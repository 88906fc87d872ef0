;; The keyword prefilter's byte loop (see prefilter.ts), in WebAssembly: on this 2-core machine the
;; same loop in JavaScript costs ~1.5-1.8x more per byte (bounds and type checks on every load).
;;
;; Memory layout (bytes):
;;   [0, 16384)          (unused)
;;   [16384, 20480)      OUT_START: i32 start offset (in TEXT) of each reported keyword occurrence
;;   [20480, 24576)      OUT_ID: i32 keyword id of each (| 0x10000: not checked, it reaches past the bytes read)
;;   [24576, 24832)      (unused)
;;   [24832, 28928)      DONE: 1 for a keyword the caller needs no more of in this pass (cleared by `reset`)
;;   [32768, 36864)      KW_ANCHOR: u8 offset of each keyword's anchor trigram in the keyword
;;   [36864, 40960)      KW_LEN: u8 length of each keyword
;;   [40960, 57344)      KW_AT: i32 offset of each keyword's (lower-case) bytes in KW_BYTES
;;   [57344, 319488)     LIST_START: i32 per bucket: where its keyword ids start in IDS
;;   [319488, 450560)    LIST_LEN: u16 per bucket: how many keyword ids it has
;;   [450560, 466944)    IDS: u16 keyword ids, grouped by bucket
;;   [466944, 532480)    KW_BYTES: the keywords' bytes
;;   [589824, 655360)    LIVE: 1 per trigram bucket still worth waking in this pass (a byte, not a bit:
;;                       one load per unit, no shifts); the caller switches buckets off and back on
;;   [655360, ...)       TEXT: the text, one byte per UTF-16 unit (its low byte)
;; A bucket is (a * 961 + b * 31 + c) & 0xffff over the units a, b, c each OR-ed with 0x20 (ASCII
;; case folding, as prefilter.ts's `triBucket(hashUnit(..))` for ASCII).
(module
  (memory (export "memory") 11)
  ;; Where `scan` or `runs` stopped: where to resume.
  (global $next (export "next") (mut i32) (i32.const 0))

  (func (export "reset")
    (memory.fill (i32.const 24832) (i32.const 0) (i32.const 4096)))

  ;; Whether keyword $id occurs at TEXT[$s, $s + len) below $end, folding A-Z to a-z only (as the
  ;; prefilter's exact check does); -1 when the keyword does not fit in [0, $end) (the caller checks it
  ;; against the whole text instead).
  (func $matches (param $id i32) (param $s i32) (param $end i32) (result i32)
    (local $len i32) (local $k i32) (local $at i32) (local $b i32)
    (local.set $len (i32.load8_u offset=36864 (local.get $id)))
    (if (i32.or (i32.lt_s (local.get $s) (i32.const 0)) (i32.gt_s (i32.add (local.get $s) (local.get $len)) (local.get $end)))
      (then (return (i32.const -1))))
    (local.set $at (i32.load offset=40960 (i32.shl (local.get $id) (i32.const 2))))
    (block $differs
      (loop $unit
        (br_if $differs (i32.ge_u (local.get $k) (local.get $len)))
        (local.set $b (i32.load8_u offset=655360 (i32.add (local.get $s) (local.get $k))))
        (if (i32.lt_u (i32.sub (local.get $b) (i32.const 65)) (i32.const 26))
          (then (local.set $b (i32.or (local.get $b) (i32.const 32)))))
        (if (i32.ne (local.get $b) (i32.load8_u offset=466944 (i32.add (local.get $at) (local.get $k))))
          (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $unit)))
    (i32.const 1))

  ;; Reads TEXT units j, j+1, ... below `end` (j >= 2: a trigram ends at j). For each trigram in a LIVE
  ;; bucket, checks the bucket's keywords not DONE and records those that occur (or do not fit in the
  ;; text read: the caller decides), stopping once fewer than 64 records are free of 1024 (a bucket
  ;; holds at most 64 keywords). Returns how many it recorded; `next` says where to resume.
  (func (export "scan") (param $j i32) (param $end i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $t i32) (local $n i32)
    (local $q i32) (local $qe i32) (local $id i32) (local $s i32) (local $hit i32)
    (local.set $a (i32.or (i32.load8_u offset=655358 (local.get $j)) (i32.const 32)))
    (local.set $b (i32.or (i32.load8_u offset=655359 (local.get $j)) (i32.const 32)))
    (block $done
      (loop $unit
        (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $c (i32.or (i32.load8_u offset=655360 (local.get $j)) (i32.const 32)))
        (local.set $t
          (i32.and
            (i32.add
              (i32.add (i32.mul (local.get $a) (i32.const 961)) (i32.mul (local.get $b) (i32.const 31)))
              (local.get $c))
            (i32.const 0xffff)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $c))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $unit (i32.eqz (i32.load8_u offset=589824 (local.get $t))))
        ;; The trigram starts at j - 3 (j is past its last unit).
        (local.set $q (i32.load offset=57344 (i32.shl (local.get $t) (i32.const 2))))
        (local.set $qe (i32.add (local.get $q) (i32.load16_u offset=319488 (i32.shl (local.get $t) (i32.const 1)))))
        (block $bucket
          (loop $keyword
            (br_if $bucket (i32.ge_u (local.get $q) (local.get $qe)))
            (local.set $id (i32.load16_u offset=450560 (i32.shl (local.get $q) (i32.const 1))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br_if $keyword (i32.load8_u offset=24832 (local.get $id)))
            (local.set $s (i32.sub (i32.sub (local.get $j) (i32.const 3)) (i32.load8_u offset=32768 (local.get $id))))
            (local.set $hit (call $matches (local.get $id) (local.get $s) (local.get $end)))
            (br_if $keyword (i32.eqz (local.get $hit)))
            (i32.store offset=16384 (i32.shl (local.get $n) (i32.const 2)) (local.get $s))
            ;; An unchecked hit (the keyword does not fit in the bytes read) is flagged with 0x10000.
            (i32.store offset=20480 (i32.shl (local.get $n) (i32.const 2))
              (select (i32.or (local.get $id) (i32.const 0x10000)) (local.get $id) (i32.lt_s (local.get $hit) (i32.const 0))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $keyword)))
        (br_if $unit (i32.lt_u (local.get $n) (i32.const 960)))))
    (global.set $next (local.get $j))
    (local.get $n))

  ;; Maximal runs of base64-alphabet bytes (A-Z a-z 0-9 + / _ -) at least $min long in TEXT[0, $end), in
  ;; order, 16 bytes at a time: each block's alphabet bytes become a 16-bit mask, and a run (longer than
  ;; a block, so it always crosses a block edge) is the ones carried over from earlier blocks plus the
  ;; leading ones of the block where it stops. Records (start, end) in OUT_START / OUT_ID, stopping after
  ;; 1024; `next` and `carry` say where to resume ($j a multiple of 16; $resume 1 to take `carry` back).
  ;; Reads up to 15 bytes past $end (the caller keeps them inside memory; their bits are cleared).
  (global $carry (export "carry") (mut i32) (i32.const 0))
  (func (export "runs") (param $j i32) (param $end i32) (param $min i32) (param $resume i32) (result i32)
    (local $v v128) (local $l v128) (local $m i32) (local $ones i32) (local $lead i32) (local $n i32)
    (if (local.get $resume) (then (local.set $ones (global.get $carry))))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $v (v128.load offset=655360 (local.get $j)))
        (local.set $l (v128.or (local.get $v) (i8x16.splat (i32.const 32))))
        (local.set $m (i8x16.bitmask
          (v128.or
            (v128.or
              (i8x16.lt_u (i8x16.sub (local.get $l) (i8x16.splat (i32.const 0x61))) (i8x16.splat (i32.const 26)))
              (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x30))) (i8x16.splat (i32.const 10))))
            (v128.or
              (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x2b))) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x2f))))
              (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5f))) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x2d))))))))
        ;; Bytes past the end are not text.
        (if (i32.lt_u (i32.sub (local.get $end) (local.get $j)) (i32.const 16))
          (then (local.set $m (i32.and (local.get $m)
            (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $j))) (i32.const 1))))))
        (if (i32.eq (local.get $m) (i32.const 0xffff))
          (then
            (local.set $ones (i32.add (local.get $ones) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $block)))
        (local.set $lead (i32.ctz (i32.xor (local.get $m) (i32.const 0xffff))))
        (if (i32.ge_u (i32.add (local.get $ones) (local.get $lead)) (local.get $min))
          (then
            (i32.store offset=16384 (i32.shl (local.get $n) (i32.const 2)) (i32.sub (local.get $j) (local.get $ones)))
            (i32.store offset=20480 (i32.shl (local.get $n) (i32.const 2)) (i32.add (local.get $j) (local.get $lead)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        ;; The ones at the block's far end start the next run.
        (local.set $ones (i32.clz (i32.shl (i32.xor (local.get $m) (i32.const 0xffff)) (i32.const 16))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br_if $block (i32.lt_u (local.get $n) (i32.const 1024)))))
    ;; A run that reaches the end of the text.
    (if (i32.and (i32.and (i32.ge_u (local.get $j) (local.get $end)) (i32.ge_u (local.get $ones) (local.get $min)))
                 (i32.lt_u (local.get $n) (i32.const 1024)))
      (then
        (i32.store offset=16384 (i32.shl (local.get $n) (i32.const 2)) (i32.sub (local.get $end) (local.get $ones)))
        (i32.store offset=20480 (i32.shl (local.get $n) (i32.const 2)) (local.get $end))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $ones (i32.const 0))))
    (global.set $next (local.get $j))
    (global.set $carry (local.get $ones))
    (local.get $n)))
