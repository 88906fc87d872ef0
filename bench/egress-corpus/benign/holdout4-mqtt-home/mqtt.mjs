import mqtt from 'mqtt';

const [cmd, topic, message] = process.argv.slice(2);
const client = mqtt.connect(process.env.MQTT_URL ?? 'mqtt://homeassistant.local:1883');
client.on('connect', () => {
  if (cmd === 'pub') client.publish(topic, message ?? '', () => client.end());
  else client.subscribe(topic, () => console.log(`subscribed to ${topic}`));
});
client.on('message', (t, m) => console.log(`${t}: ${m}`));
