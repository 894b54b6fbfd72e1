// Front end (a): analog EMG sensors on the MCU's own ADC, e.g. MyoWare 2.0 (its RAW output),
// 1-4 channels, sampled on a hardware timer at 500-2000 Hz.
//
// Written for (not run on a board here: compile-checked against a stubbed Arduino layer):
//   Teensy 4.0/4.1     pins A0-A3 (14-17), 12-bit ADC at 3.3 V, IntervalTimer; the ISR reads the
//                      ADC directly (analogRead takes ~5 µs per channel with averaging 1)
//   ESP32 (core 3.x)   pins GPIO36, 39, 34, 35 (ADC1: ADC2 is taken by Wi-Fi), 11 dB attenuation;
//                      analogRead is not interrupt-safe there, so the hardware-timer ISR wakes a
//                      sampling task (highest priority) that reads the calibrated millivolts
//   Arduino Uno R4     pins A0-A3, 14-bit ADC at 5 V (Minima/WiFi), FspTimer (the core's GPT timers)
//
// Scale (the header's uv field): MyoWare 2.0's RAW output is the electrode voltage × 200, centred
// at Vs/2 (MyoWare 2.0 Advanced Guide, gain equations; Advancer Technologies: "The RAW output has
// a gain of 200"). Power the sensor from the ADC's reference (3.3 V on Teensy/ESP32, 5 V on the
// R4) so that Vs/2 is mid-scale. One count is then VREF / 2^bits / 200 V at the electrodes; the
// mid-scale value is subtracted so counts are signed around 0. Another sensor: change
// SENSOR_GAIN (e.g. a bare AD8232-style stage with gain 100).
#pragma once
#include <Arduino.h>

#ifndef ANALOG_CHANNELS
#define ANALOG_CHANNELS 2  // 1..4 sensors
#endif
#if ANALOG_CHANNELS < 1 || ANALOG_CHANNELS > 4
#error "ANALOG_CHANNELS must be 1..4"
#endif

static const uint8_t FRONT_END_CHANNELS = ANALOG_CHANNELS;
static const uint32_t FRONT_END_DEFAULT_RATE_HZ = 1000;
static const char *const FRONT_END_RATES_TEXT = "500, 1000, 1500, 2000";
static const double SENSOR_GAIN = 200.0;  // MyoWare 2.0 RAW output

#if defined(TEENSYDUINO)
static const uint8_t ANALOG_PINS[4] = {A0, A1, A2, A3};
static const uint8_t FRONT_END_BITS = 12;
static const double ADC_REFERENCE_V = 3.3;
#elif defined(ESP32)
static const uint8_t ANALOG_PINS[4] = {36, 39, 34, 35};
// analogReadMilliVolts() gives the factory-calibrated pin voltage in mV: one "count" is 1 mV
static const uint8_t FRONT_END_BITS = 12;
static const double ADC_REFERENCE_V = 3.3;
#elif defined(ARDUINO_UNOR4_MINIMA) || defined(ARDUINO_UNOR4_WIFI)
#include <FspTimer.h>
static const uint8_t ANALOG_PINS[4] = {A0, A1, A2, A3};
static const uint8_t FRONT_END_BITS = 14;
static const double ADC_REFERENCE_V = 5.0;
#else
#error "Analog front end: add this board's pins, ADC resolution and timer (Teensy 4.x, ESP32, Uno R4 are done)"
#endif

static double frontEndMicrovoltsPerCount() {
#if defined(ESP32)
  return 1000.0 / SENSOR_GAIN;  // 1 mV at the pin per count
#else
  return ADC_REFERENCE_V / (double)(1UL << FRONT_END_BITS) / SENSOR_GAIN * 1e6;
#endif
}

static void frontEndBegin() {
#if defined(TEENSYDUINO)
  analogReadResolution(12);
  analogReadAveraging(1);  // one conversion per read: the DSP filters, the ISR stays short
#elif defined(ESP32)
  analogReadResolution(12);
  analogSetAttenuation(ADC_11db);  // ~0-3.1 V input range
#else
  analogReadResolution(14);
#endif
  for (uint8_t c = 0; c < FRONT_END_CHANNELS; c++) pinMode(ANALOG_PINS[c], INPUT);
}

// A sensor on an analog pin cannot be detected: always ready.
static bool frontEndReady() { return true; }

static bool frontEndSetRate(uint32_t hz) {
  return hz == 500 || hz == 1000 || hz == 1500 || hz == 2000;
}

// One frame: every channel once, mid-scale subtracted (ESP32: mV minus Vs/2 in mV).
static void frontEndReadFrame(int32_t *out) {
  for (uint8_t c = 0; c < FRONT_END_CHANNELS; c++) {
#if defined(ESP32)
    out[c] = (int32_t)analogReadMilliVolts(ANALOG_PINS[c]) - (int32_t)(ADC_REFERENCE_V * 500.0);
#else
    out[c] = (int32_t)analogRead(ANALOG_PINS[c]) - (int32_t)(1L << (FRONT_END_BITS - 1));
#endif
  }
}

// ---- pacing: a hardware timer calls `tick` at the sample rate (never delay()) ----------------

#if defined(TEENSYDUINO)
static IntervalTimer sampleTimer;
static void frontEndStart(uint32_t hz, void (*tick)()) { sampleTimer.begin(tick, 1000000.0f / hz); }
static void frontEndStop() { sampleTimer.end(); }

#elif defined(ESP32)
static hw_timer_t *sampleTimer = nullptr;
static TaskHandle_t samplerTask = nullptr;
static void (*samplerTick)() = nullptr;
static void IRAM_ATTR onSampleTimer() {
  BaseType_t woken = pdFALSE;
  vTaskNotifyGiveFromISR(samplerTask, &woken);
  if (woken) portYIELD_FROM_ISR();
}
static void samplerLoop(void *) {
  for (;;) {
    ulTaskNotifyTake(pdTRUE, portMAX_DELAY);  // one notification per timer tick
    if (samplerTick) samplerTick();
  }
}
static void frontEndStart(uint32_t hz, void (*tick)()) {
  samplerTick = tick;
  if (!samplerTask) xTaskCreatePinnedToCore(samplerLoop, "myocue-sampler", 4096, nullptr, configMAX_PRIORITIES - 1, &samplerTask, 0);
  if (!sampleTimer) {
    sampleTimer = timerBegin(1000000);  // 1 MHz tick
    timerAttachInterrupt(sampleTimer, &onSampleTimer);
  }
  timerAlarm(sampleTimer, 1000000 / hz, true, 0);
  timerStart(sampleTimer);
}
static void frontEndStop() {
  if (sampleTimer) timerStop(sampleTimer);
}

#else  // Arduino Uno R4
static FspTimer sampleTimer;
static void (*samplerTick)() = nullptr;
static void onSampleTimer(timer_callback_args_t *) {
  if (samplerTick) samplerTick();
}
static void frontEndStart(uint32_t hz, void (*tick)()) {
  samplerTick = tick;
  sampleTimer.end();
  uint8_t type = 0;
  int8_t channel = FspTimer::get_available_timer(type);
  if (channel < 0) return;  // no free timer: nothing is sampled (the host sees no data and says so)
  sampleTimer.begin(TIMER_MODE_PERIODIC, type, channel, (float)hz, 0.0f, onSampleTimer);
  sampleTimer.setup_overflow_irq();
  sampleTimer.open();
  sampleTimer.start();
}
static void frontEndStop() { sampleTimer.stop(); }
#endif
