// A stubbed Arduino layer for running the Myocue firmware on the build machine (tests only).
// It provides just what firmware-protocol/firmware/myocue_band uses, for three board families
// (TEENSYDUINO, ESP32, ARDUINO_UNOR4_*), and lets the harness (harness.cpp) play the hardware:
// serial input and output, the sampling timer or DRDY interrupt, the ADC and the SPI bus.
#pragma once
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>
#include <vector>

#define INPUT 0
#define OUTPUT 1
#define LOW 0
#define HIGH 1
#define FALLING 2
#define A0 14
#define A1 15
#define A2 16
#define A3 17
#define IRAM_ATTR

namespace stub {
extern uint32_t frame;                 // the frame the simulated hardware presents next
extern void (*interrupt)();            // attachInterrupt's handler (DRDY)
extern std::string serialIn;           // bytes the host sent, not yet read
extern std::string serialOut;          // bytes the firmware wrote
extern std::vector<int> pinLevel;
int32_t analogValue(uint8_t pin);      // the simulated sensor, per board (harness.cpp)
}

struct SerialPort {
  void begin(uint32_t) {}
  int available() { return (int)stub::serialIn.size(); }
  int read() {
    if (stub::serialIn.empty()) return -1;
    int c = (unsigned char)stub::serialIn[0];
    stub::serialIn.erase(0, 1);
    return c;
  }
  size_t write(const char *s, size_t n) { stub::serialOut.append(s, n); return n; }
  size_t print(const char *s) { stub::serialOut += s; return strlen(s); }
};
extern SerialPort Serial;

inline void pinMode(uint8_t, uint8_t) {}
inline void digitalWrite(uint8_t pin, uint8_t v) { if (pin < stub::pinLevel.size()) stub::pinLevel[pin] = v; }
inline int digitalRead(uint8_t pin) { return pin < stub::pinLevel.size() ? stub::pinLevel[pin] : 0; }
inline void delay(uint32_t) {}
inline void delayMicroseconds(uint32_t) {}
inline uint8_t digitalPinToInterrupt(uint8_t pin) { return pin; }
inline void attachInterrupt(uint8_t, void (*f)(), int) { stub::interrupt = f; }
inline void detachInterrupt(uint8_t) { stub::interrupt = nullptr; }
inline void analogReadResolution(int) {}
inline int analogRead(uint8_t pin) { return (int)stub::analogValue(pin); }

#if defined(TEENSYDUINO)
inline void analogReadAveraging(int) {}
class IntervalTimer {
 public:
  static void (*tick)();
  bool begin(void (*f)(), float) { tick = f; return true; }
  void end() { tick = nullptr; }
};
#endif

#if defined(ESP32)
#define ADC_11db 3
inline void analogSetAttenuation(int) {}
inline uint32_t analogReadMilliVolts(uint8_t pin) { return (uint32_t)stub::analogValue(pin); }
struct hw_timer_t { void (*isr)(); bool running; };
hw_timer_t *timerBegin(uint32_t);
inline void timerAttachInterrupt(hw_timer_t *t, void (*f)()) { t->isr = f; }
inline void timerAlarm(hw_timer_t *, uint64_t, bool, uint64_t) {}
inline void timerStart(hw_timer_t *t) { t->running = true; }
inline void timerStop(hw_timer_t *t) { t->running = false; }
typedef void *TaskHandle_t;
typedef int BaseType_t;
#define pdFALSE 0
#define pdTRUE 1
#define portMAX_DELAY 0xFFFFFFFFu
#define configMAX_PRIORITIES 25
#define portYIELD_FROM_ISR() ((void)0)
namespace stub {
extern int notifications;
extern void (*task)(void *);
struct StopTask {};
}
inline void vTaskNotifyGiveFromISR(TaskHandle_t, BaseType_t *woken) { stub::notifications++; *woken = pdTRUE; }
inline uint32_t ulTaskNotifyTake(int, uint32_t) {
  // the simulated task runs until it would block: then the harness takes control back
  if (stub::notifications == 0) throw stub::StopTask();
  int n = stub::notifications;
  stub::notifications = 0;
  return (uint32_t)n;
}
inline int xTaskCreatePinnedToCore(void (*f)(void *), const char *, uint32_t, void *, int, TaskHandle_t *h, int) {
  stub::task = f;
  *h = (TaskHandle_t)1;
  return 1;
}
#endif
