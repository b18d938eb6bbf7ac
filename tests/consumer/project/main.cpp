// Writes a compound file to memory, opens it again and prints one stream.
#include <msgforge/base/error.hpp>
#include <msgforge/cfb/reader.hpp>
#include <msgforge/cfb/tree.hpp>
#include <msgforge/cfb/writer.hpp>
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
    } catch (const msgforge::Error& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    return 0;
}
