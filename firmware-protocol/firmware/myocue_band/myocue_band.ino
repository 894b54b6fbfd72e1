/*
 * Myocue band reference firmware: protocol version 1 (firmware-protocol/PROTOCOL.md).
 *
 * Boards: Teensy 4.x (IntervalTimer, native USB serial) or ESP32 with Arduino core 3.x
 * (hardware timer API timerBegin/timerAlarm). ADC: an ADS1299-class 8-channel 24-bit
 * biopotential front end on SPI; the hardware access lives in the three small functions at the
 * top (adcBegin, adcSetRate, adcReadFrame) so porting to another board touches nothing else.
 *
 * Data flow:  timer ISR ──(one frame per tick)──► ring of line slots ──► loop(): encode + send
 * The ISR only copies samples; all text encoding, checksums and serial writes happen in loop(),
 * so a slow USB host can never delay sampling. If loop() falls behind by a whole ring, the ISR
 * drops the newest line but still advances the sequence counter: the host sees the hole.
 */
#include <Arduino.h>
#include <string.h>

// ---- configuration -------------------------------------------------------------------------

static const char *DEVICE_ID = "myocue-band-0001";  // set per unit (e.g. from the MCU's unique id)
static const char *FIRMWARE = "1.0.0";
static const uint32_t BAUD = 921600;                 // ignored by native USB CDC, used by UART bridges
static const uint8_t CHANNELS = 8;
static const uint8_t SAMPLES_PER_LINE = 10;          // 10 frames = 5 ms at 2000 Hz, 331-byte lines
static const uint8_t LINE_SLOTS = 32;                // 160 ms of buffering at 2000 Hz
// ADS1299, 4.5 V reference, PGA gain 24: 4.5 / (2^23 - 1) / 24 volts per count, in µV
static const double MICROVOLTS_PER_COUNT = 4.5 / 8388607.0 / 24.0 * 1e6;

// ---- hardware access (the only board-specific code) ----------------------------------------

// Real board: SPI.begin(); reset the ADS1299 (RESET pin low 10 µs), send SDATAC, write CONFIG1
// (rate), CONFIG3 (internal reference on), CHnSET = gain 24 normal input for every channel,
// then START pin high and RDATAC so every DRDY falling edge has a fresh frame ready.
static void adcBegin() {}

// Real board: SDATAC, write CONFIG1 data-rate bits (16k/8k/4k/2k/1k/500/250 SPS), RDATAC.
// Returns false for rates the converter cannot produce.
static bool adcSetRate(uint32_t hz) {
  return hz == 250 || hz == 500 || hz == 1000 || hz == 2000 || hz == 4000 || hz == 8000 || hz == 16000;
}

// Real board: clock 27 bytes out of SPI (3 status + 8 × 3 data, big-endian two's complement)
// and sign-extend each 24-bit value. Called from the sampling interrupt: no allocation, no
// serial output, a few microseconds at 8 MHz SPI. This stand-in makes a slow test ramp.
static void adcReadFrame(int32_t *out) {
  static int32_t ramp = 0;
  ramp = (ramp + 1) & 0xFFF;
  for (uint8_t c = 0; c < CHANNELS; c++) out[c] = (ramp - 2048) * (c + 1);
}

// ---- sampling: timer interrupt → ring of line slots ----------------------------------------

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
static uint32_t sampleRateHz = 2000;

static void onSampleTick() {
  if (!streaming) return;
  LineSlot &slot = ring[writeSlot];
  adcReadFrame(&slot.counts[frameInLine * CHANNELS]);
  if (++frameInLine < SAMPLES_PER_LINE) return;
  frameInLine = 0;
  slot.seq = nextSeq++;  // wraps at 65536 by itself
  uint8_t next = (writeSlot + 1) % LINE_SLOTS;
  // ring full: keep refilling this slot; the skipped sequence number tells the host a line was lost
  if (next != readSlot) writeSlot = next;
}

#if defined(TEENSYDUINO)
static IntervalTimer sampleTimer;
static void startSampleTimer(uint32_t hz) { sampleTimer.begin(onSampleTick, 1000000.0f / hz); }
static void stopSampleTimer() { sampleTimer.end(); }
#elif defined(ESP32)
static hw_timer_t *sampleTimer = nullptr;
static void IRAM_ATTR onSampleTickIsr() { onSampleTick(); }
static void startSampleTimer(uint32_t hz) {
  if (!sampleTimer) {
    sampleTimer = timerBegin(1000000);  // 1 MHz tick
    timerAttachInterrupt(sampleTimer, &onSampleTickIsr);
  }
  timerAlarm(sampleTimer, 1000000 / hz, true, 0);
  timerStart(sampleTimer);
}
static void stopSampleTimer() {
  if (sampleTimer) timerStop(sampleTimer);
}
#else
#error "Add a hardware timer for this board (never pace sampling with delay())"
#endif

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
  int n = snprintf(h, sizeof h, "#MYOCUE,v=1,id=%s,fw=%s,rate=%lu,ch=%u,bits=24,uv=%.10g,spl=%u", DEVICE_ID, FIRMWARE,
                   (unsigned long)sampleRateHz, (unsigned)CHANNELS, MICROVOLTS_PER_COUNT, (unsigned)SAMPLES_PER_LINE);
  char tail[7] = {'*', 0, 0, 0, 0, '\n', 0};
  putHex4(tail + 1, crc16(h, n));
  Serial.write(h, n);
  Serial.write(tail, 6);
}

// ---- stream control ------------------------------------------------------------------------

static void startStream() {
  stopSampleTimer();
  streaming = false;
  writeSlot = readSlot = 0;
  frameInLine = 0;
  nextSeq = 0;  // every stream starts at sequence 0, right after its header
  sendHeader();
  streaming = true;
  startSampleTimer(sampleRateHz);
}

static void stopStream() {
  streaming = false;
  stopSampleTimer();
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
    if (!adcSetRate(hz)) {
      Serial.printf("#ERR rate %lu Hz not supported (250, 500, 1000, 2000, 4000, 8000, 16000)\n", (unsigned long)hz);
      return;
    }
    sampleRateHz = hz;
    Serial.printf("#OK rate %lu\n", (unsigned long)hz);
    if (streaming) startStream();
    else sendHeader();
  } else {
    Serial.printf("#ERR unknown command: %.40s\n", cmd);
  }
}

// ---- Arduino entry points ------------------------------------------------------------------

static char commandBuffer[48];
static uint8_t commandLength = 0;

void setup() {
  Serial.begin(BAUD);
  buildCrcTable();
  adcBegin();
  adcSetRate(sampleRateHz);
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
