// Front end (b): a TI ADS1299 (8 channels, 24 bit) on SPI, paced by its own data-ready pin.
//
// Written for (not run on a board here: compile-checked against a stubbed Arduino layer):
//   Teensy 4.x   SPI0: SCK 13, MOSI 11, MISO 12; CS 10, DRDY 9, RESET 8, START 7, PWDN 6
//   ESP32        VSPI: SCK 18, MOSI 23, MISO 19; CS 5, DRDY 4, RESET 16, START 17, PWDN 21
// with an ADS1299 board in the OpenBCI Cyton style (2.048 MHz internal clock, bipolar inputs).
//
// The register sequence follows the ADS1299 datasheet (TI SBAS499C, §9.5 "Programming", power-up
// sequencing §11.1) and what OpenBCI's Cyton library does (OpenBCI_32bit_Library::initialize_ads:
// reset pulse, SDATAC, CONFIG1 rate, CONFIG3 = 0xEC internal reference, CHnSET per channel, then
// START and RDATAC):
//   power-up: PWDN and RESET high, wait t_POR (2^18 t_CLK ≈ 128 ms), RESET pulse (≥ 2 t_CLK),
//             wait 18 t_CLK; SDATAC (0x11) so registers can be written;
//   CONFIG1 (0x01) = 0x90 | DR   no daisy, no clock out; DR 011 = 2000 SPS … 110 = 250 SPS
//   CONFIG2 (0x02) = 0xC0        test signals off
//   CONFIG3 (0x03) = 0xEC        internal reference buffer on (4.5 V), BIAS reference internal,
//                                BIAS buffer on: the bias electrode drives the body to mid-supply
//   CHnSET  (0x05…0x0C) = 0x60   gain 24, normal electrode input, SRB2 open: each channel is its
//                                own bipolar pair on a muscle (sEMG), not referenced to SRB2
//   BIAS_SENSP/N (0x0D/0x0E) = 0xFF  every channel's inputs feed the bias amplifier
//   MISC1 (0x15) = 0x00          SRB1 open
//   then START (0x08) and RDATAC (0x10): each DRDY falling edge has a new frame of 3 status
//   bytes + 8 × 3 bytes (big-endian two's complement), clocked out with CS low, SPI mode 1.
// Scale: 1 count = VREF / (2^23 − 1) / gain = 4.5 V / 8388607 / 24 = 0.02235 µV.
// Gain 24 keeps ±187 mV of input range: room for electrode offsets, far above sEMG (≤ 5 mV).
#pragma once
#include <Arduino.h>
#include <SPI.h>

#if defined(TEENSYDUINO)
static const uint8_t PIN_CS = 10, PIN_DRDY = 9, PIN_RESET = 8, PIN_START = 7, PIN_PWDN = 6;
#elif defined(ESP32)
static const uint8_t PIN_CS = 5, PIN_DRDY = 4, PIN_RESET = 16, PIN_START = 17, PIN_PWDN = 21;
#else
#error "ADS1299 front end: add this board's pins (Teensy 4.x and ESP32 are done)"
#endif

static const uint8_t FRONT_END_CHANNELS = 8;
static const uint8_t FRONT_END_BITS = 24;
static const uint32_t FRONT_END_DEFAULT_RATE_HZ = 2000;
static const char *const FRONT_END_RATES_TEXT = "250, 500, 1000, 2000";

// opcodes and registers (datasheet tables 10 and 11)
enum : uint8_t { ADS_WAKEUP = 0x02, ADS_RESET = 0x06, ADS_START = 0x08, ADS_STOP = 0x0A, ADS_RDATAC = 0x10, ADS_SDATAC = 0x11, ADS_RREG = 0x20, ADS_WREG = 0x40 };
enum : uint8_t { REG_ID = 0x00, REG_CONFIG1 = 0x01, REG_CONFIG2 = 0x02, REG_CONFIG3 = 0x03, REG_CH1SET = 0x05, REG_BIAS_SENSP = 0x0D, REG_BIAS_SENSN = 0x0E, REG_MISC1 = 0x15 };
static const uint8_t ADS_GAIN_CODE = 0x60;  // gain 24 (0x00 = 1, 0x10 = 2, 0x20 = 4, 0x30 = 6, 0x40 = 8, 0x50 = 12)
static const double ADS_GAIN = 24.0;
static const double ADS_VREF = 4.5;

static double frontEndMicrovoltsPerCount() { return ADS_VREF / 8388607.0 / ADS_GAIN * 1e6; }

// SCLK 4 MHz: within the 20 MHz limit, and slow enough that multi-byte commands need no extra
// decode time between bytes (t_SDECODE = 4 t_CLK ≈ 2 µs < 8 bits at 4 MHz)
static const SPISettings ADS_SPI(4000000, MSBFIRST, SPI_MODE1);

static void adsCommand(uint8_t op) {
  SPI.beginTransaction(ADS_SPI);
  digitalWrite(PIN_CS, LOW);
  SPI.transfer(op);
  digitalWrite(PIN_CS, HIGH);
  SPI.endTransaction();
  delayMicroseconds(10);  // ≥ 4 t_CLK before the next command
}

static void adsWrite(uint8_t reg, uint8_t value) {
  SPI.beginTransaction(ADS_SPI);
  digitalWrite(PIN_CS, LOW);
  SPI.transfer(ADS_WREG | reg);
  SPI.transfer(0x00);  // one register
  SPI.transfer(value);
  digitalWrite(PIN_CS, HIGH);
  SPI.endTransaction();
  delayMicroseconds(10);
}

static uint8_t adsRead(uint8_t reg) {
  SPI.beginTransaction(ADS_SPI);
  digitalWrite(PIN_CS, LOW);
  SPI.transfer(ADS_RREG | reg);
  SPI.transfer(0x00);
  uint8_t v = SPI.transfer(0x00);
  digitalWrite(PIN_CS, HIGH);
  SPI.endTransaction();
  return v;
}

static uint8_t rateBits(uint32_t hz) {
  switch (hz) {
    case 2000: return 0x03;
    case 1000: return 0x04;
    case 500: return 0x05;
    case 250: return 0x06;
    default: return 0xFF;
  }
}

static uint32_t adsRateHz = FRONT_END_DEFAULT_RATE_HZ;
static bool adsPresent = false;

static void frontEndBegin() {
  pinMode(PIN_CS, OUTPUT);
  digitalWrite(PIN_CS, HIGH);
  pinMode(PIN_START, OUTPUT);
  digitalWrite(PIN_START, LOW);  // conversions start only on START
  pinMode(PIN_RESET, OUTPUT);
  pinMode(PIN_PWDN, OUTPUT);
  pinMode(PIN_DRDY, INPUT);
  SPI.begin();
  digitalWrite(PIN_PWDN, HIGH);
  digitalWrite(PIN_RESET, HIGH);
  delay(150);  // t_POR
  digitalWrite(PIN_RESET, LOW);
  delayMicroseconds(4);
  digitalWrite(PIN_RESET, HIGH);
  delayMicroseconds(20);  // 18 t_CLK
  adsCommand(ADS_SDATAC);
  // the ID register reads 0x3E for an ADS1299 (8 channels): anything else is no ADS1299
  adsPresent = (adsRead(REG_ID) & 0x1F) == 0x1E;
  adsWrite(REG_CONFIG3, 0xEC);
  delay(10);  // the internal reference settles
  adsWrite(REG_CONFIG1, 0x90 | rateBits(adsRateHz));
  adsWrite(REG_CONFIG2, 0xC0);
  for (uint8_t c = 0; c < FRONT_END_CHANNELS; c++) adsWrite(REG_CH1SET + c, ADS_GAIN_CODE);
  adsWrite(REG_BIAS_SENSP, 0xFF);
  adsWrite(REG_BIAS_SENSN, 0xFF);
  adsWrite(REG_MISC1, 0x00);
}

// true when the ID register answered as an ADS1299 at power-up
static bool frontEndReady() { return adsPresent; }

// The rate is written while the converter is stopped (frontEndStart restarts it).
static bool frontEndSetRate(uint32_t hz) {
  if (rateBits(hz) == 0xFF) return false;
  adsRateHz = hz;
  adsCommand(ADS_SDATAC);
  adsWrite(REG_CONFIG1, 0x90 | rateBits(hz));
  return true;
}

// Called from the DRDY interrupt: 27 bytes in one transaction, sign-extended. No allocation, no
// serial output; ~60 µs at 4 MHz SCLK, well inside the 500 µs between frames at 2000 SPS.
static void frontEndReadFrame(int32_t *out) {
  SPI.beginTransaction(ADS_SPI);
  digitalWrite(PIN_CS, LOW);
  for (uint8_t i = 0; i < 3; i++) SPI.transfer(0x00);  // status: 1100 + LOFF_STATP + LOFF_STATN + GPIO
  for (uint8_t c = 0; c < FRONT_END_CHANNELS; c++) {
    uint32_t v = (uint32_t)SPI.transfer(0x00) << 16;
    v |= (uint32_t)SPI.transfer(0x00) << 8;
    v |= SPI.transfer(0x00);
    out[c] = (int32_t)(v << 8) >> 8;  // two's complement, 24 → 32 bits
  }
  digitalWrite(PIN_CS, HIGH);
  SPI.endTransaction();
}

static void (*drdyTick)() = nullptr;
#if defined(ESP32)
static void IRAM_ATTR onDrdy() {
#else
static void onDrdy() {
#endif
  if (drdyTick) drdyTick();
}

// The ADS1299 paces sampling itself: its crystal sets the rate, DRDY says when a frame is ready.
static void frontEndStart(uint32_t hz, void (*tick)()) {
  if (hz != adsRateHz) frontEndSetRate(hz);
  drdyTick = tick;
  attachInterrupt(digitalPinToInterrupt(PIN_DRDY), onDrdy, FALLING);
  adsCommand(ADS_START);
  adsCommand(ADS_RDATAC);
}

static void frontEndStop() {
  detachInterrupt(digitalPinToInterrupt(PIN_DRDY));
  adsCommand(ADS_SDATAC);
  adsCommand(ADS_STOP);
}
