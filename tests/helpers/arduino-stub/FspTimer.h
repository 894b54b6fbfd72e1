// Stub of the Arduino Uno R4 core's FspTimer (GPT/AGT timers of the Renesas RA4M1).
#pragma once
#include "Arduino.h"
#define TIMER_MODE_PERIODIC 1
struct timer_callback_args_t {};
class FspTimer {
 public:
  static void (*tick)(timer_callback_args_t *);
  static int8_t get_available_timer(uint8_t &type) { type = 0; return 1; }
  bool begin(int, uint8_t, uint8_t, float, float, void (*f)(timer_callback_args_t *)) { tick = f; return true; }
  bool setup_overflow_irq() { return true; }
  bool open() { return true; }
  bool start() { return true; }
  bool stop() { tick = nullptr; return true; }
  void end() { tick = nullptr; }
};
