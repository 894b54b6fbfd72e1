// Runs the Myocue firmware (firmware-protocol/firmware/myocue_band) on the build machine against
// the stubbed Arduino layer, playing the hardware: the host's commands on the serial input, the
// sampling timer (or the ADS1299's DRDY pin) firing, the ADC (a known test pattern per frame) and,
// for the ADS1299 front end, the converter on the SPI bus (its registers, RDATAC frames).
// stdout: every byte the firmware wrote to Serial. stderr: one line per event, for the test:
//   "CMD <text> <frame>"  a command was sent when the hardware was at frame <frame>
//   "SPI <hex bytes>"     one SPI transaction (register writes and commands; frame reads counted)
// Build: g++ -std=c++17 -I tests/helpers/arduino-stub -D<BOARD> -DMYOCUE_FRONT_END_<…> harness.cpp
#include "Arduino.h"
#include "SPI.h"
#if defined(ARDUINO_UNOR4_MINIMA) || defined(ARDUINO_UNOR4_WIFI)
#include "FspTimer.h"
#endif

SerialPort Serial;
SPIClass SPI;
namespace stub {
uint32_t frame = 0;
void (*interrupt)() = nullptr;
std::string serialIn, serialOut;
std::vector<int> pinLevel(64, 0);
}
#if defined(TEENSYDUINO)
void (*IntervalTimer::tick)() = nullptr;
#endif
#if defined(ESP32)
namespace stub {
int notifications = 0;
void (*task)(void *) = nullptr;
hw_timer_t timer{nullptr, false};
}
hw_timer_t *timerBegin(uint32_t) { return &stub::timer; }
#endif
#if defined(ARDUINO_UNOR4_MINIMA) || defined(ARDUINO_UNOR4_WIFI)
void (*FspTimer::tick)(timer_callback_args_t *) = nullptr;
#endif

// the firmware itself, as one translation unit with the harness
#include "../../../firmware-protocol/firmware/myocue_band/myocue_band.ino"

// ---- simulated hardware --------------------------------------------------------------------

namespace stub {
// the analog sensor: a pattern in the ADC's own units (counts, or mV on the ESP32)
int32_t analogValue(uint8_t pin) {
#if defined(ESP32)
  return (int32_t)((frame * 3 + pin) % 3100);
#elif defined(TEENSYDUINO)
  return (int32_t)((frame * 31 + pin * 7) % 4096);
#else
  return (int32_t)((frame * 31 + pin * 7) % 16384);
#endif
}

// the ADS1299: registers, command decoding, RDATAC frames (24-bit two's complement, big-endian)
uint8_t regs[0x18] = {0x3E};  // ID 0x3E: an ADS1299 (the harness's "absent" argument clears it)
static bool selected = false, rdatac = false, running = false;
static std::vector<uint8_t> txn;
static int frameReads = 0;
static int32_t adsValue(uint32_t f, int ch) { return (int32_t)((f * 7919u + (uint32_t)ch * 104729u) % 2000001u) - 1000000; }

void spiSelect(bool on) {
  if (!on && selected && !txn.empty()) {
    if (rdatac && txn[0] == 0x00) frameReads++;
    else {
      std::string line = "SPI";
      char b[4];
      for (uint8_t x : txn) { snprintf(b, sizeof b, " %02X", x); line += b; }
      fprintf(stderr, "%s\n", line.c_str());
      uint8_t op = txn[0];
      if (op == 0x11) rdatac = false;
      else if (op == 0x10) rdatac = true;
      else if (op == 0x08) running = true;
      else if (op == 0x0A) running = false;
      else if ((op & 0xE0) == 0x40 && txn.size() >= 3 && (op & 0x1F) < sizeof regs) regs[op & 0x1F] = txn[2];
    }
  }
  selected = on;
  txn.clear();
}

uint8_t spiTransfer(uint8_t mosi) {
  size_t i = txn.size();
  txn.push_back(mosi);
  if (rdatac && txn[0] == 0x00) {
    // a frame read: 3 status bytes (1100 + lead-off + GPIO), then 8 channels × 3 bytes
    if (i < 3) return i == 0 ? 0xC0 : 0x00;
    int ch = (int)(i - 3) / 3;
    uint32_t v = (uint32_t)adsValue(frame, ch) & 0xFFFFFF;
    int byte = (int)(i - 3) % 3;
    return (uint8_t)(v >> (16 - 8 * byte));
  }
  if ((txn[0] & 0xE0) == 0x20 && i == 2) return regs[txn[0] & 0x1F];  // RREG: the value
  return 0x00;
}
}  // namespace stub

// One sample period: the timer (or DRDY) fires once, then the hardware moves to the next frame.
static void fire() {
#if defined(MYOCUE_FRONT_END_ADS1299)
  if (stub::interrupt && stub::running) stub::interrupt();
#elif defined(TEENSYDUINO)
  if (IntervalTimer::tick) IntervalTimer::tick();
#elif defined(ESP32)
  if (stub::timer.running && stub::timer.isr) {
    stub::timer.isr();
    try {
      stub::task(nullptr);
    } catch (stub::StopTask &) {
    }
  }
#else
  if (FspTimer::tick) FspTimer::tick(nullptr);
#endif
  stub::frame++;
}

static void command(const char *text) {
  fprintf(stderr, "CMD %s %u\n", text, (unsigned)stub::frame);
  stub::serialIn += text;
  stub::serialIn += "\n";
  loop();
}

static void run(int frames) {
  for (int i = 0; i < frames; i++) {
    fire();
    if (i % 3 == 2) loop();  // loop() runs less often than the tick, as on a busy board
  }
  loop();
}

int main(int argc, char **argv) {
  int frames = argc > 1 ? atoi(argv[1]) : 400;
  if (argc > 2 && strcmp(argv[2], "absent") == 0) stub::regs[0] = 0x00;  // no converter on the bus
  setup();
  run(7);  // ticks before START are not sampled
  command("start");
  run(frames);
  command("ID");
  run(frames / 2);
  command(" RATE 500 ");
  run(frames);
  command("STOP");
  run(5);
  command("RATE 12345");
  command("bogus");
  fwrite(stub::serialOut.data(), 1, stub::serialOut.size(), stdout);
  fprintf(stderr, "FRAME_READS %d\n", stub::frameReads);
  return 0;
}
