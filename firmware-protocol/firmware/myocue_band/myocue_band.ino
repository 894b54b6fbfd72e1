/*
 * Myocue band firmware: protocol version 1 (firmware-protocol/PROTOCOL.md).
 *
 * Two front ends, chosen at compile time in front_end_config.h (or with -D on the command line):
 *   MYOCUE_FRONT_END_ANALOG   analog EMG sensors (MyoWare 2.0 RAW output or similar) on the MCU's
 *                             own ADC, 1-4 channels, timer-paced at 1000-2000 Hz
 *                             (front_end_analog.h: Teensy 4.x, ESP32, Arduino Uno R4)
 *   MYOCUE_FRONT_END_ADS1299  a TI ADS1299 24-bit 8-channel front end on SPI, paced by its DRDY
 *                             pin (front_end_ads1299.h: Teensy 4.x, ESP32)
 * Each front end is a few small functions (frontEndBegin, frontEndSetRate, frontEndStart,
 * frontEndStop, frontEndReadFrame) plus its channel count, resolution and µV per count; this file
 * (sampling ring, encoding, commands) is the same for both.
 *
 * Data flow:  sample tick (timer or DRDY) ──(one frame)──► ring of line slots ──► loop(): encode + send
 * The tick only copies samples; all text encoding, checksums and serial writes happen in loop(),
 * so a slow USB host can never delay sampling. If loop() falls behind by a whole ring, the tick
 * drops the newest line but still advances the sequence counter: the host sees the hole.
 *
 * Not run on a board here: compile-checked and run against a stubbed Arduino layer in the tests
 * (tests/unit/firmware-front-ends.test.ts), its output decoded by the host's codec.
 */
#include <Arduino.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "front_end_config.h"
#if defined(MYOCUE_FRONT_END_ADS1299)
#include "front_end_ads1299.h"
#elif defined(MYOCUE_FRONT_END_ANALOG)
#include "front_end_analog.h"
#else
#error "Choose a front end in front_end_config.h"
#endif

// ---- configuration -------------------------------------------------------------------------

static const char *DEVICE_ID = "myocue-band-0001";  // set per unit (e.g. from the MCU's unique id)
static const char *FIRMWARE = "1.1.0";
static const uint32_t BAUD = 921600;                 // ignored by native USB CDC, used by UART bridges
static const uint8_t CHANNELS = FRONT_END_CHANNELS;
static const uint8_t SAMPLES_PER_LINE = 10;          // 10 frames = 5 ms at 2000 Hz
static const uint8_t LINE_SLOTS = 32;                // 160 ms of buffering at 2000 Hz

// ---- sampling: one frame per tick → ring of line slots -------------------------------------

struct LineSlot {
  uint16_t seq;
  int32_t counts[SAMPLES_PER_LINE * CHANNELS];
};
static LineSlot ring[LINE_SLOTS];
static volatile uint8_t writeSlot = 0;   // slot the ISR is filling (owned by the ISR)
static volatile uint8_t readSlot = 0;    // next slot loop() sends (owned by loop)
static volatile uint8_t frameInLine = 0;
static volatile uint16_t nextSeq = 0;
static volatile bool streaming = false;
static uint32_t sampleRateHz = FRONT_END_DEFAULT_RATE_HZ;

static void onSampleTick() {
  if (!streaming) return;
  LineSlot &slot = ring[writeSlot];
  frontEndReadFrame(&slot.counts[frameInLine * CHANNELS]);
  if (++frameInLine < SAMPLES_PER_LINE) return;
  frameInLine = 0;
  slot.seq = nextSeq++;  // wraps at 65536 by itself
  uint8_t next = (writeSlot + 1) % LINE_SLOTS;
  // ring full: keep refilling this slot; the skipped sequence number tells the host a line was lost
  if (next != readSlot) writeSlot = next;
}


// ---- encoding: base64url counts and CRC-16/CCITT-FALSE -------------------------------------

static const char B64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char HEX_DIGITS[] = "0123456789ABCDEF";
static uint16_t crcTable[256];

static void buildCrcTable() {
  for (uint16_t b = 0; b < 256; b++) {
    uint16_t crc = b << 8;
    for (uint8_t i = 0; i < 8; i++) crc = (crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1;
    crcTable[b] = crc;
  }
}

static uint16_t crc16(const char *s, size_t n) {
  uint16_t crc = 0xFFFF;  // CCITT-FALSE: init FFFF, no reflection, no final xor
  for (size_t i = 0; i < n; i++) crc = (crc << 8) ^ crcTable[((crc >> 8) ^ (uint8_t)s[i]) & 0xFF];
  return crc;
}

static char *putHex4(char *p, uint16_t v) {
  p[0] = HEX_DIGITS[(v >> 12) & 15];
  p[1] = HEX_DIGITS[(v >> 8) & 15];
  p[2] = HEX_DIGITS[(v >> 4) & 15];
  p[3] = HEX_DIGITS[v & 15];
  return p + 4;
}

// 'D' + seq + 4 chars per sample + '*' + crc + '\n'
static char lineBuffer[1 + 4 + SAMPLES_PER_LINE * CHANNELS * 4 + 1 + 4 + 1];

static size_t encodeDataLine(const LineSlot &slot) {
  char *p = lineBuffer;
  *p++ = 'D';
  p = putHex4(p, slot.seq);
  for (uint16_t i = 0; i < SAMPLES_PER_LINE * CHANNELS; i++) {
    int32_t c = slot.counts[i];
    if (c > 8388607) c = 8388607;
    if (c < -8388608) c = -8388608;
    uint32_t v = (uint32_t)c & 0xFFFFFF;  // two's complement, 24 bits
    *p++ = B64URL[v >> 18];
    *p++ = B64URL[(v >> 12) & 63];
    *p++ = B64URL[(v >> 6) & 63];
    *p++ = B64URL[v & 63];
  }
  uint16_t crc = crc16(lineBuffer, p - lineBuffer);
  *p++ = '*';
  p = putHex4(p, crc);
  *p++ = '\n';
  return p - lineBuffer;
}

static void sendHeader() {
  char h[160];
  int n = snprintf(h, sizeof h, "#MYOCUE,v=1,id=%s,fw=%s,rate=%lu,ch=%u,bits=%u,uv=%.10g,spl=%u", DEVICE_ID, FIRMWARE,
                   (unsigned long)sampleRateHz, (unsigned)CHANNELS, (unsigned)FRONT_END_BITS, frontEndMicrovoltsPerCount(),
                   (unsigned)SAMPLES_PER_LINE);
  char tail[7] = {'*', 0, 0, 0, 0, '\n', 0};
  putHex4(tail + 1, crc16(h, n));
  Serial.write(h, n);
  Serial.write(tail, 6);
}

// printf-style reply (not every core's Serial has printf: the Uno R4's has not)
static void reply(const char *fmt, ...) {
  char buf[96];
  va_list args;
  va_start(args, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  if (n > 0) Serial.write(buf, n < (int)sizeof buf ? n : (int)sizeof buf - 1);
}

// ---- stream control ------------------------------------------------------------------------

static void startStream() {
  frontEndStop();
  streaming = false;
  writeSlot = readSlot = 0;
  frameInLine = 0;
  nextSeq = 0;  // every stream starts at sequence 0, right after its header
  sendHeader();
  if (!frontEndReady()) {
    // say so instead of streaming made-up data (or nothing, without a word)
    reply("#ERR front end not found (check its wiring and power)\n");
    return;
  }
  streaming = true;
  frontEndStart(sampleRateHz, onSampleTick);
}

static void stopStream() {
  streaming = false;
  frontEndStop();
}

static void handleCommand(char *cmd) {
  // trim and upper-case: people type these into serial monitors
  while (*cmd == ' ' || *cmd == '\t') cmd++;
  size_t n = strlen(cmd);
  while (n && (cmd[n - 1] == ' ' || cmd[n - 1] == '\r' || cmd[n - 1] == '\t')) cmd[--n] = 0;
  for (char *p = cmd; *p; p++) *p = toupper(*p);
  if (n == 0) return;
  if (strcmp(cmd, "START") == 0) {
    startStream();
  } else if (strcmp(cmd, "STOP") == 0) {
    stopStream();
    Serial.print("#OK stop\n");
  } else if (strcmp(cmd, "ID") == 0) {
    sendHeader();
  } else if (strncmp(cmd, "RATE ", 5) == 0) {
    uint32_t hz = strtoul(cmd + 5, nullptr, 10);
    if (!frontEndSetRate(hz)) {
      reply("#ERR rate %lu Hz not supported (%s)\n", (unsigned long)hz, FRONT_END_RATES_TEXT);
      return;
    }
    sampleRateHz = hz;
    reply("#OK rate %lu\n", (unsigned long)hz);
    if (streaming) startStream();
    else sendHeader();
  } else {
    reply("#ERR unknown command: %.40s\n", cmd);
  }
}

// ---- Arduino entry points ------------------------------------------------------------------

static char commandBuffer[48];
static uint8_t commandLength = 0;

void setup() {
  Serial.begin(BAUD);
  buildCrcTable();
  frontEndBegin();
  frontEndSetRate(sampleRateHz);
  // silent until START: a host that opens the port first sends START and gets a header
}

void loop() {
  while (Serial.available() > 0) {
    char c = (char)Serial.read();
    if (c == '\n') {
      commandBuffer[commandLength] = 0;
      handleCommand(commandBuffer);
      commandLength = 0;
    } else if (commandLength < sizeof commandBuffer - 1) {
      commandBuffer[commandLength++] = c;
    }  // an over-long line is cut; it will not match any command and gets #ERR
  }
  // send every complete line; writeSlot only moves forward, so reading it once is enough
  while (readSlot != writeSlot) {
    size_t n = encodeDataLine(ring[readSlot]);
    Serial.write(lineBuffer, n);
    readSlot = (readSlot + 1) % LINE_SLOTS;
  }
}
