// Writes a compound file to memory, opens it again and prints one stream; builds a message
// from JSON and encodes it again (msgforge::json, which asks its users for no nlohmann-json).
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>
#include <msgforge/json.hpp>
#include <msgforge/version.hpp>

#include <iostream>
#include <string>

int main() {
    try {
        namespace cfb = msgforge::cfb;
        const std::string text = "Hello from an installed msgforge";
        cfb::Tree tree;
        tree.put_stream("Greetings/English", cfb::Blob::owned({text.begin(), text.end()}));
        const auto bytes = cfb::write(tree);

        const auto reader = cfb::Reader::from_bytes(bytes);
        const auto id = reader.find("Greetings/English");
        if (!id) {
            std::cerr << "stream not found\n";
            return 1;
        }
        const auto data = reader.read(*id);
        std::cout << "msgforge " << msgforge::version() << ": " << reader.path_of(*id) << " = "
                  << std::string(data.begin(), data.end()) << '\n';

        const auto message = msgforge::json::decode(R"({"subject": "Hi"})", "inline.json");
        if (message.subject() != "Hi"
            || msgforge::json::encode(message).find("\"subject\": \"Hi\"") == std::string::npos) {
            std::cerr << "the JSON form did not survive\n";
            return 1;
        }
    } catch (const msgforge::Error& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    return 0;
}
