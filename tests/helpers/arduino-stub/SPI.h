// Stub SPI bus: the harness (harness.cpp) plays an ADS1299 behind it.
#pragma once
#include "Arduino.h"
#define MSBFIRST 1
#define SPI_MODE1 1
struct SPISettings {
  SPISettings(uint32_t, uint8_t, uint8_t) {}
};
namespace stub {
uint8_t spiTransfer(uint8_t mosi);  // harness.cpp: the simulated ADS1299
void spiSelect(bool selected);
}
struct SPIClass {
  void begin() {}
  void beginTransaction(const SPISettings &) { stub::spiSelect(true); }
  void endTransaction() { stub::spiSelect(false); }
  uint8_t transfer(uint8_t b) { return stub::spiTransfer(b); }
};
extern SPIClass SPI;
