// Package seq implements TCP sequence-number arithmetic (RFC 9293 §3.4),
// which is serial-number arithmetic on 32 bits (RFC 1982).
//
// Contract:
//   - Num is a point in the 2^32 sequence space; Size is a count of
//     sequence numbers (a length or a window). Both are plain uint32 values,
//     so the zero value is sequence number 0 and size 0.
//   - Every operation is total: none panics, for any operands, including
//     2^32-1 and size 0. Addition and subtraction wrap modulo 2^32.
//   - Comparisons are modular: a < b when b lies in the 2^31 numbers after
//     a. RFC 1982 §3.2 leaves two numbers exactly 2^31 apart undefined; here
//     each is then "less than" the other, so callers comparing numbers that
//     far apart get no ordering guarantee (TCP windows are below 2^30,
//     RFC 7323 §2.3, so a correct stack never asks).
//   - No allocation, no fmt.
package seq
